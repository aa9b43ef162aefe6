import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';

const token = process.env.E2E_TOKEN;
/** The app token (INTERCOM_ACCESS_TOKEN) beside the Fin Agent API key: neither may reach a browser. */
const secrets = [token, process.env.E2E_APP_TOKEN].filter((t): t is string => Boolean(t));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test.describe('the Fin token stays on the server', () => {
  test.skip(!token, 'E2E_TOKEN is set by `npm test`, which builds and serves with it');

  test('no client asset of the production build contains it', () => {
    const assets = filesUnder(path.join(process.cwd(), '.next', 'static'));
    expect(assets.length).toBeGreaterThan(5);
    const leaking = assets.filter((f) => secrets.some((t) => readFileSync(f).includes(t)));
    expect(leaking).toEqual([]);
  });

  test('no page or API answer carries it, while the console really uses it upstream', async ({ page, request }) => {
    const seen: string[] = [];
    page.on('response', async (res) => {
      const body = await res.body().catch(() => Buffer.alloc(0));
      const headers = JSON.stringify(res.headers());
      if (secrets.some((t) => body.includes(t) || headers.includes(t))) seen.push(res.url());
    });
    for (const p of ['/', '/conversations', '/inbox', '/settings']) await page.goto(p);
    // The proxy only answers 200 because it sent the right token to the simulator.
    const caps = await request.post('/api/fin/capabilities', { data: { user: { id: 'token-check' } } });
    expect(caps.status()).toBe(200);
    const capsText = await caps.text();
    const health = await request.get('/api/health');
    for (const text of [capsText, await health.text()])
      expect(secrets.filter((t) => text.includes(t))).toEqual([]);
    expect(seen).toEqual([]);
  });
});
