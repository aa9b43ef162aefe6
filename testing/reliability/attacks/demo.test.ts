import { describe, expect, it } from 'vitest';
import { healthLeaks, secretHints, sessionCookie, startedByGet } from './demo';

describe('demo attacks: judging the answers', () => {
  it('health: only ok is allowed; extra keys and named wiring are leaks', () => {
    const wiring = ['http://127.0.0.1:4010', 'pglite', 'postgres', 'simulator'];
    expect(healthLeaks({ ok: true }, '{"ok":true}', wiring)).toEqual([]);
    const old = { ok: true, fin_api: 'simulator', base_url: 'http://127.0.0.1:4010', store: 'pglite' };
    expect(healthLeaks(old, JSON.stringify(old), wiring)).toEqual([
      'fin_api',
      'base_url',
      'store',
      '"http://127.0.0.1:4010"',
      '"pglite"',
      '"simulator"',
    ]);
    expect(healthLeaks(null, 'oops', wiring)).toEqual(['(not an object)']);
  });

  it('secret hints: counts only the real secrets’ tails', () => {
    const secrets = ['client-secret-abcd', 'events-secret-wxyz'];
    const shown = {
      webhook_secret_hint: 'abcd',
      webhooks: [{ secret_hint: 'wxyz' }, { secret_hint: 'abcd' }],
    };
    expect(secretHints(shown, secrets)).toEqual(['abcd', 'wxyz', 'abcd']);
    expect(secretHints({ webhook_secret_hint: null, webhooks: [{ secret_hint: null }] }, secrets)).toEqual(
      [],
    );
    expect(secretHints({ webhook_secret_hint: '1234' }, secrets)).toEqual([]);
    expect(secretHints(null, secrets)).toEqual([]);
  });

  it('OAuth start by GET: a redirect or a 2xx began it; 405 and refusals did not', () => {
    expect(startedByGet(302)).toBe(true);
    expect(startedByGet(303)).toBe(true);
    expect(startedByGet(200)).toBe(true);
    for (const status of [405, 401, 403, 404]) expect(startedByGet(status)).toBe(false);
  });

  it('reads the session cookie a sign-in set, under either name', () => {
    const res = (cookies: string[]) => {
      const headers = new Headers();
      for (const c of cookies) headers.append('set-cookie', c);
      return new Response(null, { headers });
    };
    expect(sessionCookie(res(['fin_console_session=abc; Path=/; HttpOnly']))).toBe('fin_console_session=abc');
    expect(sessionCookie(res(['other=1', '__Host-fin_console_session=xyz; Secure']))).toBe(
      '__Host-fin_console_session=xyz',
    );
    expect(sessionCookie(res(['fin_console_session=; Max-Age=0']))).toBeNull();
  });
});
