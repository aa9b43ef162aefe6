import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simReset, startSimRig, type SimRig } from '@/testing/sim';

let rig: SimRig;
beforeAll(async () => {
  rig = await startSimRig({ clientId: 'rig-client' });
});
afterAll(() => rig?.close());

const REDIRECT = 'http://127.0.0.1:9/api/connection/oauth/callback';

async function authorize(query: Record<string, string>) {
  return fetch(`${rig.url}/oauth?${new URLSearchParams(query).toString()}`, { redirect: 'manual' });
}

/** Follows the Connect link the way a browser would and returns the code and state it hands back. */
async function code(state = 'st-1') {
  const res = await authorize({ client_id: 'rig-client', state, redirect_uri: REDIRECT, auto_approve: '1' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  expect(back.searchParams.get('state')).toBe(state);
  return back.searchParams.get('code')!;
}

const exchange = (body: Record<string, string>, form = true) =>
  fetch(`${rig.url}/auth/eagle/token`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });

const good = (c: string) => ({ code: c, client_id: 'rig-client', client_secret: rig.webhookSecret });

const me = (token: string) => fetch(`${rig.url}/me`, { headers: { authorization: `Bearer ${token}` } });

describe('simulated Intercom OAuth', () => {
  it('shows an authorize page with a Connect link that returns code and state', async () => {
    const res = await authorize({ client_id: 'rig-client', state: 'abc', redirect_uri: REDIRECT });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Connect');
    const href = /href="([^"]*approve=1[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
    expect(href).toBeTruthy();
    const approved = await fetch(`${rig.url}${href}`, { redirect: 'manual' });
    const back = new URL(approved.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('abc');
    expect(back.searchParams.get('code')).toMatch(/=$/);
  });

  it('refuses an unknown client id and a missing redirect', async () => {
    const unknown = await authorize({ client_id: 'nope', state: 's', redirect_uri: REDIRECT });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('find that app');
    expect((await authorize({ client_id: 'rig-client', state: 's' })).status).toBe(400);
  });

  it('Cancel sends access_denied back', async () => {
    const res = await authorize({ client_id: 'rig-client', state: 's', redirect_uri: REDIRECT, deny: '1' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('exchanges a code once for a token that works on /me and every Fin endpoint, also after a reset', async () => {
    const c = await code();
    const res = await exchange(good(c));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token_type: string; token: string; access_token: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.access_token).toBe(body.token);

    const who = await me(body.token);
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({
      type: 'admin',
      app: { type: 'app', id_code: 'sim_app', region: 'US' },
    });

    await simReset(rig.url);
    const caps = await fetch(`${rig.url}/fin/capabilities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: 'oauth-user' } }),
    });
    expect(caps.status).toBe(200);
    const control = (await (await fetch(`${rig.url}/_sim/oauth`)).json()) as {
      last_bearer: { kind: string; hint: string };
      tokens: { token_hint: string; calls: number }[];
    };
    expect(control.last_bearer).toMatchObject({ kind: 'oauth', hint: body.token.slice(-4) });
    expect(control.tokens.find((t) => t.token_hint === body.token.slice(-4))?.calls).toBe(2);

    const again = await exchange(good(c));
    expect(again.status).toBe(401);
    expect(JSON.stringify(await again.json())).toContain('Unauthorized Code');
  });

  it('accepts JSON bodies; refuses a wrong secret, a wrong client or a code without its trailing =', async () => {
    expect((await exchange({ ...good(await code()), client_secret: 'wrong' })).status).toBe(401);
    expect((await exchange({ ...good(await code()), client_id: 'other' })).status).toBe(401);
    expect((await exchange(good((await code()).replace(/=+$/, '')))).status).toBe(401);
    expect((await exchange(good(await code()), false)).status).toBe(200);
  });

  it('answers 401 on /me and Fin endpoints for an unknown token; the app token still works', async () => {
    expect((await me('dG9rOm5vcGU=')).status).toBe(401);
    expect((await me(rig.appToken)).status).toBe(200);
    const res = await fetch(`${rig.url}/fin/capabilities`, {
      method: 'POST',
      headers: { authorization: 'Bearer dG9rOm5vcGU=', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });
});
