import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNextPath } from '@/components/auth/next-path';
import { offOrigin, REDIRECT_PAYLOADS, send, sessionPair } from './authn';
import { listenLocal } from '@/testing/util';

describe('authn attack helpers', () => {
  const base = 'http://127.0.0.1:3000';
  it('offOrigin names where a Location leads only when it leaves the console', () => {
    expect(offOrigin('//evil.example/x', base)).toBe('http://evil.example');
    expect(offOrigin('https://evil.example/', base)).toBe('https://evil.example');
    expect(offOrigin('/inbox', base)).toBeNull();
    expect(offOrigin('http://127.0.0.1:3000/x', base)).toBeNull();
    expect(offOrigin(undefined, base)).toBeNull();
  });

  it('every redirect payload is one the console must refuse', () => {
    for (const next of REDIRECT_PAYLOADS) expect(safeNextPath(next), next).toBe('/');
  });

  it('sessionPair finds either cookie name', () => {
    expect(sessionPair({ 'set-cookie': ['a=1', 'fin_console_session=abc; Path=/'] })).toBe(
      'fin_console_session=abc',
    );
    expect(sessionPair({ 'set-cookie': ['__Host-fin_console_session=x; Secure'] })).toBe(
      '__Host-fin_console_session=x',
    );
    expect(sessionPair({ 'set-cookie': ['fin_console_session=; Max-Age=0'] })).toBeNull();
    expect(sessionPair({})).toBeNull();
  });

  describe('send', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((req, res) =>
        res.end(JSON.stringify({ peer: req.socket.remoteAddress, host: req.headers.host })),
      );
      url = await listenLocal(server);
    });
    afterAll(() => new Promise((r) => server.close(r)));

    it('comes from the loopback source address asked for, with any Host', async () => {
      const res = await send(url, '/x', { from: '127.0.0.7', headers: { host: 'evil.example' } });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ peer: '127.0.0.7', host: 'evil.example' });
    });
  });
});
