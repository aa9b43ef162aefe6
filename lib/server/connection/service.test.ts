import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../env';
import { oauthEndpoints, requestOrigin } from './service';

const intercomSecrets = { INTERCOM_ACCESS_TOKEN: 't', INTERCOM_CLIENT_SECRET: 's' };
const intercom = { INTERCOM_REGION: 'eu', INTERCOM_ACCESS_TOKEN: 't', INTERCOM_CLIENT_SECRET: 's' };

describe('OAuth configuration', () => {
  it('defaults the client id on the simulator in demo mode only', () => {
    expect(parseEnv({ CONSOLE_DEMO_ACCOUNTS: '1' }).oauthClientId).toBe('sim-client-id');
    expect(parseEnv({ INTERCOM_ACCESS_TOKEN: 't', INTERCOM_CLIENT_SECRET: 's' }).oauthClientId).toBeNull();
    expect(parseEnv(intercom).oauthClientId).toBeNull();
    const key = 'ab'.repeat(32);
    expect(
      parseEnv({ ...intercom, INTERCOM_CLIENT_ID: 'abc', CONSOLE_ENCRYPTION_KEY: key }).oauthClientId,
    ).toBe('abc');
    expect(() => parseEnv({ ...intercom, INTERCOM_CLIENT_ID: 'abc' })).toThrow(
      /^Invalid configuration: CONSOLE_ENCRYPTION_KEY is required when INTERCOM_CLIENT_ID is set/,
    );
    // Demo mode on the simulator generates one.
    expect(parseEnv({ CONSOLE_DEMO_ACCOUNTS: '1', INTERCOM_CLIENT_ID: 'abc' }).oauthClientId).toBe('abc');
  });

  it('reads CONSOLE_ENCRYPTION_KEY as hex or base64 and names it when it is not 32 bytes', () => {
    const hex = 'ab'.repeat(32);
    expect(parseEnv({ ...intercom, CONSOLE_ENCRYPTION_KEY: hex }).encryptionKey?.toString('hex')).toBe(hex);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(parseEnv({ ...intercom, CONSOLE_ENCRYPTION_KEY: b64 }).encryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(parseEnv(intercom).encryptionKey).toBeNull();
    for (const bad of ['short', 'ab'.repeat(31), Buffer.alloc(16).toString('base64')]) {
      expect(() => parseEnv({ ...intercom, CONSOLE_ENCRYPTION_KEY: bad })).toThrow(EnvError);
      expect(() => parseEnv({ ...intercom, CONSOLE_ENCRYPTION_KEY: bad })).toThrow(
        /CONSOLE_ENCRYPTION_KEY must be 32 bytes/,
      );
    }
  });

  it('refuses a redirect URL that is not http(s)', () => {
    expect(() => parseEnv({ INTERCOM_OAUTH_REDIRECT_URL: 'ftp://x/cb' })).toThrow(
      /INTERCOM_OAUTH_REDIRECT_URL/,
    );
  });
});

describe('oauthEndpoints', () => {
  it('uses the regional authorize host and api.intercom.io for the exchange', () => {
    for (const [region, host] of [
      ['us', 'https://app.intercom.com/oauth'],
      ['eu', 'https://app.eu.intercom.com/oauth'],
      ['au', 'https://app.au.intercom.com/oauth'],
    ]) {
      expect(oauthEndpoints(parseEnv({ ...intercom, INTERCOM_REGION: region }))).toEqual({
        authorizeUrl: host,
        tokenUrl: 'https://api.intercom.io/auth/eagle/token',
      });
    }
  });

  it('uses the simulator itself', () => {
    expect(
      oauthEndpoints(parseEnv({ ...intercomSecrets, FIN_API_BASE_URL: 'http://127.0.0.1:4131' })),
    ).toEqual({
      authorizeUrl: 'http://127.0.0.1:4131/oauth',
      tokenUrl: 'http://127.0.0.1:4131/auth/eagle/token',
    });
  });
});

describe('requestOrigin', () => {
  it('prefers a proxy’s forwarded host and protocol', () => {
    expect(requestOrigin(new Request('http://127.0.0.1:3000/x'))).toBe('http://127.0.0.1:3000');
    const proxied = new Request('http://127.0.0.1:3000/x', {
      headers: { 'x-forwarded-host': 'console.example.com', 'x-forwarded-proto': 'https' },
    });
    expect(requestOrigin(proxied)).toBe('https://console.example.com');
  });
});
