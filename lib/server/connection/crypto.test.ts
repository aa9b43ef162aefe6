import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { DecryptError, encryptionKey, KEY_FILE, seal, unseal } from './crypto';

const key = randomBytes(32);
const flip = (b64: string) => {
  const buf = Buffer.from(b64, 'base64');
  buf[0] = (buf[0] ?? 0) ^ 1;
  return buf.toString('base64');
};

describe('seal / unseal', () => {
  it('round-trips and never repeats an IV or ciphertext', () => {
    const a = seal(key, 'dG9rOjBiM2E=');
    const b = seal(key, 'dG9rOjBiM2E=');
    expect(unseal(key, a)).toBe('dG9rOjBiM2E=');
    expect(Buffer.from(a.iv, 'base64')).toHaveLength(12);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain('dG9r');
  });

  it('detects tampering with the ciphertext, the IV or the tag', () => {
    const sealed = seal(key, 'secret token');
    for (const part of ['ciphertext', 'iv', 'tag'] as const) {
      expect(() => unseal(key, { ...sealed, [part]: flip(sealed[part]) })).toThrow(DecryptError);
    }
  });

  it('refuses the wrong key', () => {
    expect(() => unseal(randomBytes(32), seal(key, 'secret token'))).toThrow(DecryptError);
  });
});

describe('encryptionKey', () => {
  const dirs: string[] = [];
  const dir = async () => {
    const d = await mkdtemp(path.join(tmpdir(), 'conn-key-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('uses CONSOLE_ENCRYPTION_KEY when set', async () => {
    expect(
      await encryptionKey({ encryptionKey: key, simulatorDefaults: false, dataDir: '/nonexistent' }),
    ).toBe(key);
  });

  it('has none outside demo mode without a key, and writes no key file beside the store', async () => {
    const dataDir = await dir();
    // A loopback Fin API alone is not demo mode.
    const env = parseEnv({ INTERCOM_ACCESS_TOKEN: 't', INTERCOM_CLIENT_SECRET: 's', DATA_DIR: dataDir });
    expect(env.finApiTarget).toBe('simulator');
    expect(await encryptionKey(env)).toBeNull();
    await expect(stat(path.join(dataDir, KEY_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('generates a 0600 key file once in demo mode on the simulator and reuses it', async () => {
    const dataDir = await dir();
    const env = { encryptionKey: null, simulatorDefaults: true, dataDir };
    const first = await encryptionKey(env);
    expect(first).toHaveLength(32);
    expect((await stat(path.join(dataDir, KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(await encryptionKey(env)).toEqual(first);
    await writeFile(path.join(dataDir, KEY_FILE), 'short\n');
    const replaced = await encryptionKey(env);
    expect(replaced).toHaveLength(32);
    expect((await readFile(path.join(dataDir, KEY_FILE), 'utf8')).trim()).toBe(replaced!.toString('base64'));
  });
});
