import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

const demo = { CONSOLE_DEMO_ACCOUNTS: '1' };
const secrets = { INTERCOM_ACCESS_TOKEN: 't', INTERCOM_CLIENT_SECRET: 's' };

describe('parseEnv', () => {
  it('runs in demo mode with no other configuration against the local simulator and PGlite', () => {
    expect(parseEnv({ CONSOLE_DEMO_ACCOUNTS: '1' })).toMatchObject({
      port: 3000,
      finApiBaseUrl: 'http://127.0.0.1:4010',
      finApiTarget: 'simulator',
      accessToken: 'sim-app-token',
      finAgentApiKey: 'sim-token',
      apiVersion: 'Preview',
      clientSecret: 'sim-client-secret',
      finEventsWebhookSecret: 'sim-client-secret',
      databaseUrl: null,
      dataDir: './data',
      finHttpTimeoutMs: 10_000,
      adminToken: null,
      demoAccounts: true,
      simulatorDefaults: true,
    });
  });

  it('outside demo mode a loopback base URL brings no default secret: start-up stops naming it', () => {
    for (const raw of [{}, { CONSOLE_DEMO_ACCOUNTS: '0' }, { FIN_API_BASE_URL: 'http://127.0.0.1:4010' }]) {
      expect(() => parseEnv(raw)).toThrow(
        /^Invalid configuration: INTERCOM_ACCESS_TOKEN is required when talking to http:\/\/127\.0\.0\.1:4010 \(the app token for HITL answers and GET \/me\) \(simulator defaults apply only with CONSOLE_DEMO_ACCOUNTS=1\)$/,
      );
    }
    expect(() => parseEnv({ INTERCOM_ACCESS_TOKEN: 't' })).toThrow(
      /^Invalid configuration: INTERCOM_CLIENT_SECRET is required when talking to http:\/\/127\.0\.0\.1:4010 \(it verifies webhooks\)/,
    );
    const env = parseEnv({ INTERCOM_ACCESS_TOKEN: 't', INTERCOM_CLIENT_SECRET: 's' });
    expect(env).toMatchObject({
      finApiTarget: 'simulator',
      demoAccounts: false,
      simulatorDefaults: false,
      oauthClientId: null,
      encryptionKey: null,
    });
    // Demo mode against a remote API seeds the accounts but still takes no simulator secret.
    expect(() => parseEnv({ CONSOLE_DEMO_ACCOUNTS: '1', INTERCOM_REGION: 'us' })).toThrow(
      'INTERCOM_ACCESS_TOKEN is required',
    );
  });

  it('reads the operations token (24 characters at least, never echoed) and the demo accounts switch', () => {
    const token = 'x'.repeat(24);
    expect(parseEnv({ ...demo, CONSOLE_ADMIN_TOKEN: token }).adminToken).toBe(token);
    expect(() => parseEnv({ CONSOLE_ADMIN_TOKEN: 'short-secret' })).toThrow(
      'Invalid configuration: CONSOLE_ADMIN_TOKEN must be at least 24 characters (e.g. openssl rand -hex 24)',
    );
    expect(() => parseEnv({ CONSOLE_ADMIN_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
    expect(parseEnv({ CONSOLE_DEMO_ACCOUNTS: '1' }).demoAccounts).toBe(true);
    expect(parseEnv({ ...secrets, CONSOLE_DEMO_ACCOUNTS: '0' }).demoAccounts).toBe(false);
    expect(parseEnv({ ...secrets, CONSOLE_DEMO_ACCOUNTS: '' }).demoAccounts).toBe(false);
    expect(() => parseEnv({ CONSOLE_DEMO_ACCOUNTS: 'yes' })).toThrow(
      'Invalid configuration: CONSOLE_DEMO_ACCOUNTS must be 0 or 1 (got "yes")',
    );
  });

  it('maps a region to its Intercom host and then requires real credentials', () => {
    expect(() => parseEnv({ INTERCOM_REGION: 'eu' })).toThrow('INTERCOM_ACCESS_TOKEN is required');
    expect(() => parseEnv({ INTERCOM_REGION: 'eu', INTERCOM_ACCESS_TOKEN: 't' })).toThrow(
      'INTERCOM_CLIENT_SECRET is required',
    );
    const env = parseEnv({
      INTERCOM_REGION: 'eu',
      INTERCOM_ACCESS_TOKEN: 't',
      INTERCOM_CLIENT_SECRET: 's',
      FIN_EVENTS_WEBHOOK_SECRET: 'f',
    });
    expect(env).toMatchObject({
      finApiBaseUrl: 'https://api.eu.intercom.io',
      finApiTarget: 'intercom-eu',
      finEventsWebhookSecret: 'f',
    });
    expect(
      parseEnv({ INTERCOM_REGION: 'au', INTERCOM_ACCESS_TOKEN: 't', INTERCOM_CLIENT_SECRET: 's' })
        .finApiBaseUrl,
    ).toBe('https://api.au.intercom.io');
    expect(
      parseEnv({ INTERCOM_REGION: 'us', INTERCOM_ACCESS_TOKEN: 't', INTERCOM_CLIENT_SECRET: 's' })
        .finApiBaseUrl,
    ).toBe('https://api.intercom.io');
  });

  it('treats any loopback base URL as a simulator and a remote one as custom', () => {
    expect(parseEnv({ ...demo, FIN_API_BASE_URL: 'http://localhost:4999/' })).toMatchObject({
      finApiBaseUrl: 'http://localhost:4999',
      finApiTarget: 'simulator',
    });
    expect(() => parseEnv({ ...demo, FIN_API_BASE_URL: 'https://fin.example.com' })).toThrow(
      'INTERCOM_ACCESS_TOKEN',
    );
  });

  it('fails with one line naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'abc' }, /^Invalid configuration: PORT must be a whole number \(got "abc"\)$/],
      [{ PORT: '70000' }, /PORT must be at most 65535/],
      [{ FIN_HTTP_TIMEOUT_MS: '0' }, /FIN_HTTP_TIMEOUT_MS must be at least 1/],
      [{ INTERCOM_REGION: 'mars' }, /INTERCOM_REGION must be one of us, eu, au/],
      [{ FIN_API_BASE_URL: 'ftp://x' }, /FIN_API_BASE_URL must be an http\(s\) URL/],
      [{ DATABASE_URL: 'mysql://x/y' }, /DATABASE_URL must be a postgres/],
      [
        { FIN_API_BASE_URL: 'http://127.0.0.1:1', INTERCOM_REGION: 'us' },
        /set FIN_API_BASE_URL or INTERCOM_REGION, not both/,
      ],
    ];
    for (const [raw, message] of cases) {
      let error: unknown;
      try {
        parseEnv(raw);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EnvError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads numbers, Postgres and empty values as unset', () => {
    const env = parseEnv({
      PORT: '8080',
      FIN_HTTP_TIMEOUT_MS: '2500',
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      DATA_DIR: '',
      INTERCOM_ACCESS_TOKEN: '',
      CONSOLE_DEMO_ACCOUNTS: '1',
    });
    expect(env).toMatchObject({
      port: 8080,
      finHttpTimeoutMs: 2500,
      databaseUrl: 'postgres://u@127.0.0.1:5432/db',
      dataDir: './data',
      accessToken: 'sim-app-token',
    });
  });

  it('shows an invalid DATABASE_URL without its password', () => {
    for (const url of [
      'mysql://fin:hunter2-secret@db.example.com:5432/fin',
      'postgres://fin:hunter2-secret@db.example.com:notaport/fin',
      'postgres://fin:hunter2@secret@db.example.com:notaport/fin',
      'mysql://db.example.com/fin?user=fin&password=hunter2-secret',
    ]) {
      let message = '';
      try {
        parseEnv({ ...secrets, DATABASE_URL: url });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration: DATABASE_URL must be a postgres/);
      expect(message).toContain('db.example.com');
      expect(message).toContain('[redacted]');
      expect(message).not.toContain('hunter2');
    }
  });

  it('takes the Fin Agent API key apart from the app token, following it when unset', () => {
    const real = { INTERCOM_REGION: 'us', INTERCOM_ACCESS_TOKEN: 'app', INTERCOM_CLIENT_SECRET: 's' };
    expect(parseEnv(real)).toMatchObject({ accessToken: 'app', finAgentApiKey: null });
    expect(parseEnv({ ...real, FIN_AGENT_API_KEY: 'key' })).toMatchObject({
      accessToken: 'app',
      finAgentApiKey: 'key',
    });
    expect(parseEnv({ ...demo, INTERCOM_ACCESS_TOKEN: 'one' })).toMatchObject({
      accessToken: 'one',
      finAgentApiKey: null,
    });
    expect(parseEnv({ ...demo, FIN_AGENT_API_KEY: 'key' })).toMatchObject({
      accessToken: 'sim-app-token',
      finAgentApiKey: 'key',
    });
  });

  it('sends the Intercom-Version it is given, when Intercom knows it', () => {
    expect(parseEnv({ ...demo, INTERCOM_API_VERSION: '2.16' }).apiVersion).toBe('2.16');
    expect(() => parseEnv({ ...demo, INTERCOM_API_VERSION: '3.0' })).toThrow(
      /^Invalid configuration: INTERCOM_API_VERSION must be one of 1\.0, .*, Preview \(got "3\.0"\)$/,
    );
  });

  it('trusts no forwarding header unless TRUST_PROXY names hops or proxy ranges', () => {
    expect(parseEnv({ ...demo }).trustProxy).toBeNull();
    expect(parseEnv({ ...demo, TRUST_PROXY: '0' }).trustProxy).toBeNull();
    expect(parseEnv({ ...demo, TRUST_PROXY: 'false' }).trustProxy).toBeNull();
    expect(parseEnv({ ...demo, TRUST_PROXY: '2' }).trustProxy).toEqual({ hops: 2 });
    expect(parseEnv({ ...demo, TRUST_PROXY: '10.0.0.0/8, 192.0.2.1 ,::1' }).trustProxy).toEqual({
      ranges: ['10.0.0.0/8', '192.0.2.1', '::1'],
    });
    expect(parseEnv({ ...demo, TRUST_PROXY: 'loopback' }).trustProxy).toEqual({
      ranges: ['127.0.0.0/8', '::1/128'],
    });
    for (const bad of ['true', '11', '10.0.0.0/33', 'proxy.internal', '::1/129', '1.2.3.4/8/1', ',']) {
      expect(() => parseEnv({ ...demo, TRUST_PROXY: bad }), bad).toThrow(
        /^Invalid configuration: TRUST_PROXY must be/,
      );
    }
  });

  it('sessions last 30 days after sign-in unless CONSOLE_SESSION_MAX_DAYS says otherwise', () => {
    expect(parseEnv({ ...demo }).sessionMaxAgeMs).toBe(30 * 24 * 3600_000);
    expect(parseEnv({ ...demo, CONSOLE_SESSION_MAX_DAYS: '7' }).sessionMaxAgeMs).toBe(7 * 24 * 3600_000);
    expect(() => parseEnv({ ...demo, CONSOLE_SESSION_MAX_DAYS: '0' })).toThrow('CONSOLE_SESSION_MAX_DAYS');
  });

  it('reads the public origin and the host allow-list', () => {
    expect(parseEnv({ ...demo })).toMatchObject({ consoleOrigin: null, allowedHosts: null });
    expect(parseEnv({ ...demo, CONSOLE_ORIGIN: 'https://Console.Example.com/' })).toMatchObject({
      consoleOrigin: 'https://console.example.com',
      allowedHosts: ['console.example.com'],
    });
    expect(
      parseEnv({
        ...demo,
        CONSOLE_ORIGIN: 'https://console.example.com',
        CONSOLE_ALLOWED_HOSTS: 'a.internal:3000, [::1]',
      }).allowedHosts,
    ).toEqual(['console.example.com', 'a.internal', '[::1]']);
    expect(() => parseEnv({ ...demo, CONSOLE_ORIGIN: 'ftp://x' })).toThrow(
      /^Invalid configuration: CONSOLE_ORIGIN/,
    );
    expect(() => parseEnv({ ...demo, CONSOLE_ALLOWED_HOSTS: 'a b' })).toThrow(
      /^Invalid configuration: CONSOLE_ALLOWED_HOSTS/,
    );
  });
});
