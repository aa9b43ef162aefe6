import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

describe('parseEnv', () => {
  it('runs with no configuration against the local simulator and PGlite', () => {
    expect(parseEnv({})).toMatchObject({
      port: 3000,
      finApiBaseUrl: 'http://127.0.0.1:4010',
      finApiTarget: 'simulator',
      accessToken: 'sim-token',
      clientSecret: 'sim-client-secret',
      finEventsWebhookSecret: 'sim-client-secret',
      databaseUrl: null,
      dataDir: './data',
      finHttpTimeoutMs: 10_000,
      adminToken: null,
      demoAccounts: null,
    });
  });

  it('reads the operations token (24 characters at least, never echoed) and the demo accounts switch', () => {
    const token = 'x'.repeat(24);
    expect(parseEnv({ CONSOLE_ADMIN_TOKEN: token }).adminToken).toBe(token);
    expect(() => parseEnv({ CONSOLE_ADMIN_TOKEN: 'short-secret' })).toThrow(
      'Invalid configuration: CONSOLE_ADMIN_TOKEN must be at least 24 characters (e.g. openssl rand -hex 24)',
    );
    expect(() => parseEnv({ CONSOLE_ADMIN_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
    expect(parseEnv({ CONSOLE_DEMO_ACCOUNTS: '1' }).demoAccounts).toBe(true);
    expect(parseEnv({ CONSOLE_DEMO_ACCOUNTS: '0' }).demoAccounts).toBe(false);
    expect(parseEnv({ CONSOLE_DEMO_ACCOUNTS: '' }).demoAccounts).toBeNull();
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
    expect(parseEnv({ FIN_API_BASE_URL: 'http://localhost:4999/' })).toMatchObject({
      finApiBaseUrl: 'http://localhost:4999',
      finApiTarget: 'simulator',
    });
    expect(() => parseEnv({ FIN_API_BASE_URL: 'https://fin.example.com' })).toThrow('INTERCOM_ACCESS_TOKEN');
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
    });
    expect(env).toMatchObject({
      port: 8080,
      finHttpTimeoutMs: 2500,
      databaseUrl: 'postgres://u@127.0.0.1:5432/db',
      dataDir: './data',
      accessToken: 'sim-token',
    });
  });

  it('trusts no forwarding header unless TRUST_PROXY names hops or proxy ranges', () => {
    expect(parseEnv({}).trustProxy).toBeNull();
    expect(parseEnv({ TRUST_PROXY: '0' }).trustProxy).toBeNull();
    expect(parseEnv({ TRUST_PROXY: 'false' }).trustProxy).toBeNull();
    expect(parseEnv({ TRUST_PROXY: '2' }).trustProxy).toEqual({ hops: 2 });
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.1 ,::1' }).trustProxy).toEqual({
      ranges: ['10.0.0.0/8', '192.0.2.1', '::1'],
    });
    expect(parseEnv({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual({ ranges: ['127.0.0.0/8', '::1/128'] });
    for (const bad of ['true', '11', '10.0.0.0/33', 'proxy.internal', '::1/129', '1.2.3.4/8/1', ',']) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(
        /^Invalid configuration: TRUST_PROXY must be/,
      );
    }
  });

  it('sessions last 30 days after sign-in unless CONSOLE_SESSION_MAX_DAYS says otherwise', () => {
    expect(parseEnv({}).sessionMaxAgeMs).toBe(30 * 24 * 3600_000);
    expect(parseEnv({ CONSOLE_SESSION_MAX_DAYS: '7' }).sessionMaxAgeMs).toBe(7 * 24 * 3600_000);
    expect(() => parseEnv({ CONSOLE_SESSION_MAX_DAYS: '0' })).toThrow('CONSOLE_SESSION_MAX_DAYS');
  });

  it('reads the public origin and the host allow-list', () => {
    expect(parseEnv({})).toMatchObject({ consoleOrigin: null, allowedHosts: null });
    expect(parseEnv({ CONSOLE_ORIGIN: 'https://Console.Example.com/' })).toMatchObject({
      consoleOrigin: 'https://console.example.com',
      allowedHosts: ['console.example.com'],
    });
    expect(
      parseEnv({
        CONSOLE_ORIGIN: 'https://console.example.com',
        CONSOLE_ALLOWED_HOSTS: 'a.internal:3000, [::1]',
      }).allowedHosts,
    ).toEqual(['console.example.com', 'a.internal', '[::1]']);
    expect(() => parseEnv({ CONSOLE_ORIGIN: 'ftp://x' })).toThrow(/^Invalid configuration: CONSOLE_ORIGIN/);
    expect(() => parseEnv({ CONSOLE_ALLOWED_HOSTS: 'a b' })).toThrow(
      /^Invalid configuration: CONSOLE_ALLOWED_HOSTS/,
    );
  });
});
