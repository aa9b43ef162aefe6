import { request as playwrightRequest, type APIResponse } from '@playwright/test';
import { expect, test } from './fixtures';

/** The nonce of a page's `script-src`, and the scripts in its HTML that do not carry it. */
async function scriptsWithoutNonce(res: APIResponse) {
  const csp = res.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const scripts = (await res.text()).match(/<script\b[^>]*>/g) ?? [];
  return { csp, nonce, scripts, unsigned: scripts.filter((s) => !nonce || !s.includes(`nonce="${nonce}"`)) };
}

test.describe('security headers', () => {
  test('every page, the sign-in and not-found pages included, carries a fresh nonce CSP that all its scripts bear', async ({
    request,
    baseURL,
  }) => {
    const signedOut = await playwrightRequest.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
    });
    const pages: [string, APIResponse][] = [
      ['/sign-in', await signedOut.get('/sign-in')],
      ['/', await request.get('/')],
      ['/inbox', await request.get('/inbox')],
      ['/settings', await request.get('/settings')],
      ['/no-such-page', await request.get('/no-such-page')],
    ];
    const nonces = new Set<string>();
    for (const [path, res] of pages) {
      const { csp, nonce, scripts, unsigned } = await scriptsWithoutNonce(res);
      expect(res.status(), path).toBe(path === '/no-such-page' ? 404 : 200);
      expect(csp, path).toContain("'strict-dynamic'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(/script-src[^;]*unsafe-inline/.test(csp), path).toBe(false);
      expect(nonce, path).toBeTruthy();
      expect(scripts.length, path).toBeGreaterThan(0);
      expect(unsigned, path).toEqual([]);
      nonces.add(nonce!);
      expect(res.headers()['x-frame-options'], path).toBe('DENY');
      expect(res.headers()['x-content-type-options'], path).toBe('nosniff');
      expect(res.headers()['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    }
    expect(nonces.size).toBe(pages.length);
    await signedOut.dispose();
  });

  test('API answers carry the static headers, and a signed-out page request goes to sign in', async ({
    baseURL,
  }) => {
    const signedOut = await playwrightRequest.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
    });
    const health = await signedOut.get('/api/health');
    expect(health.headers()['x-content-type-options']).toBe('nosniff');
    expect(health.headers()['x-frame-options']).toBe('DENY');
    const api = await signedOut.get('/api/conversations');
    expect(api.status()).toBe(401);
    const page = await signedOut.get('/inbox', { maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers()['location']).toContain('/sign-in?next=%2Finbox');
    await signedOut.dispose();
  });
});
