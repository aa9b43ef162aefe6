import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Env } from '../env';
import { log } from '../log';

export interface Sealed {
  ciphertext: string;
  iv: string;
  tag: string;
}

/** Binds a sealed value to its use, so a ciphertext moved to another column does not open. */
const AAD = Buffer.from('fin-console:oauth-token:v1');

export class DecryptError extends Error {
  override name = 'DecryptError';
}

/** AES-256-GCM with a fresh random 12-byte IV per value. */
export function seal(key: Buffer, plaintext: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** The plaintext, or DecryptError when the key is wrong or any part was altered. */
export function unseal(key: Buffer, sealed: Sealed): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new DecryptError('The stored value cannot be decrypted with this key');
  }
}

export const KEY_FILE = 'connection.key';

/** The OAuth token's key: CONSOLE_ENCRYPTION_KEY, or in demo mode a key generated into DATA_DIR; else null (no token is stored). */
export async function encryptionKey(
  env: Pick<Env, 'encryptionKey' | 'simulatorDefaults' | 'dataDir'>,
): Promise<Buffer | null> {
  if (env.encryptionKey) return env.encryptionKey;
  if (!env.simulatorDefaults) return null;
  const file = path.join(env.dataDir, KEY_FILE);
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length === 32) return key;
    log.warn(`${file} does not hold a 32-byte key; generating a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(env.dataDir, { recursive: true });
  await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  log.info(
    `Generated ${file} to encrypt the simulator's OAuth token (set CONSOLE_ENCRYPTION_KEY to choose one)`,
  );
  return key;
}
