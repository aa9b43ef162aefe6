import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { freshDbPerSuite } from '@/testing/server/harness';
import { TokenSource } from './token-source';

const db = freshDbPerSuite();

const key = randomBytes(32).toString('hex');
const env = (k = key, more: Record<string, string> = {}) =>
  parseEnv({
    INTERCOM_REGION: 'us',
    INTERCOM_ACCESS_TOKEN: 'env-token',
    INTERCOM_CLIENT_SECRET: 's',
    CONSOLE_ENCRYPTION_KEY: k,
    DATA_DIR: db.dataDir(),
    ...more,
  });
const who = { name: 'Dana Lead', userId: null };
const check = { ok: true, at: new Date().toISOString(), error: null, app: null };

describe('TokenSource', () => {
  it('uses the environment token until a token is connected, then the connected one everywhere', async () => {
    const a = new TokenSource(db(), env(), 0);
    const b = new TokenSource(db(), env(), 0);
    await Promise.all([a.load(), b.load()]);
    expect(a.token('app')).toBe('env-token');
    expect(a.token('fin')).toBe('env-token');
    await a.connect('oauth-token', who, { id_code: 'abc', name: 'Acme', region: 'US' }, check);
    expect(a.token('app')).toBe('oauth-token');
    expect(a.source).toBe('oauth');
    // Without FIN_AGENT_API_KEY the Fin key follows the app token.
    expect(a.token('fin')).toBe('oauth-token');
    expect(a.origin('fin')).toBe('oauth');
    // Another instance on the same store picks it up on its next refresh.
    await b.load();
    expect(b.token('app')).toBe('oauth-token');
    expect(b.connection).toMatchObject({ connectedBy: 'Dana Lead', app: { id_code: 'abc' } });
  });

  it('sends FIN_AGENT_API_KEY on /fin/* and the app token elsewhere, whatever is connected', async () => {
    const split = new TokenSource(db(), env(key, { FIN_AGENT_API_KEY: 'fin-key' }), 0);
    await split.load();
    expect(split.token('fin')).toBe('fin-key');
    expect(split.origin('fin')).toBe('FIN_AGENT_API_KEY');
    expect(split.token('app')).toBe('oauth-token');
    expect(split.describe('app')).toMatch(/OAuth connection/);
  });

  it('falls back to the environment token, saying why, when the key cannot open the stored token', async () => {
    const wrong = new TokenSource(db(), env(randomBytes(32).toString('hex')));
    await wrong.load();
    expect(wrong.token('app')).toBe('env-token');
    expect(wrong.source).toBe('environment');
    expect(wrong.problem).toMatch(/cannot be decrypted/);
  });

  it('disconnects back to the environment token', async () => {
    const a = new TokenSource(db(), env());
    await a.load();
    expect(a.token('app')).toBe('oauth-token');
    expect(await a.disconnect()).toBe(true);
    expect(a.token('app')).toBe('env-token');
    expect(await a.disconnect()).toBe(false);
  });
});
