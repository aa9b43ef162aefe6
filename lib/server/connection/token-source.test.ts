import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db';
import { parseEnv } from '../env';
import { freshStore, type StoreHandle } from '../testing/harness';
import { TokenSource } from './token-source';

let store: StoreHandle;
let db: Db;
beforeAll(async () => {
  store = await freshStore();
  db = await openDb({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
});
afterAll(async () => {
  await db?.close();
  await store?.drop();
});

const key = randomBytes(32).toString('hex');
const env = (k = key) =>
  parseEnv({
    INTERCOM_REGION: 'us',
    INTERCOM_ACCESS_TOKEN: 'env-token',
    INTERCOM_CLIENT_SECRET: 's',
    CONSOLE_ENCRYPTION_KEY: k,
    DATA_DIR: store.dataDir,
  });
const who = { name: 'Dana Lead', userId: null };
const check = { ok: true, at: new Date().toISOString(), error: null, app: null };

describe('TokenSource', () => {
  it('uses the environment token until a token is connected, then the connected one everywhere', async () => {
    const a = new TokenSource(db, env(), 0);
    const b = new TokenSource(db, env(), 0);
    await Promise.all([a.load(), b.load()]);
    expect(a.token()).toBe('env-token');
    await a.connect('oauth-token', who, { id_code: 'abc', name: 'Acme', region: 'US' }, check);
    expect(a.token()).toBe('oauth-token');
    expect(a.source).toBe('oauth');
    // Another instance on the same store picks it up on its next refresh.
    await b.load();
    expect(b.token()).toBe('oauth-token');
    expect(b.connection).toMatchObject({ connectedBy: 'Dana Lead', app: { id_code: 'abc' } });
  });

  it('falls back to the environment token, saying why, when the key cannot open the stored token', async () => {
    const wrong = new TokenSource(db, env(randomBytes(32).toString('hex')));
    await wrong.load();
    expect(wrong.token()).toBe('env-token');
    expect(wrong.source).toBe('environment');
    expect(wrong.problem).toMatch(/cannot be decrypted/);
  });

  it('disconnects back to the environment token', async () => {
    const a = new TokenSource(db, env());
    await a.load();
    expect(a.token()).toBe('oauth-token');
    expect(await a.disconnect()).toBe(true);
    expect(a.token()).toBe('env-token');
    expect(await a.disconnect()).toBe(false);
  });
});
