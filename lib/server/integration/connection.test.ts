/** OAuth connect end to end against the simulator: the flow, encrypted storage, restart, disconnect, and the refusals. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/console/connection';
import * as capabilitiesRoute from '@/app/api/fin/capabilities/route';
import * as checkRoute from '@/app/api/connection/check/route';
import * as callbackRoute from '@/app/api/connection/oauth/callback/route';
import * as disconnectRoute from '@/app/api/connection/oauth/route';
import * as startRoute from '@/app/api/connection/oauth/start/route';
import * as connectionRoute from '@/app/api/connection/route';
import { createSession } from '../auth/sessions';
import { createUser } from '../auth/users';
import { listAudit } from '../db/records';
import { KEY_FILE } from '../connection/crypto';
import {
  actingAs,
  getRequest,
  jsonRequest,
  params,
  APP_TOKEN,
  startHarness,
  TOKEN,
  uid,
  type As,
  type Harness,
} from '@/testing/server/harness';

let h: Harness;
let lead: As;
let otherLead: As;
let viewer: As;
beforeAll(async () => {
  h = await startHarness({ webhooks: false });
  lead = await actingAs(h, 'Dana Lead', 'lead');
  otherLead = await actingAs(h, 'Lee Lead', 'lead');
  viewer = await actingAs(h, 'Val Viewer', 'viewer');
});
afterAll(() => h?.close());

const none = params({});

async function view(as: As = lead): Promise<Connection> {
  const res = await connectionRoute.GET(getRequest('/api/connection', { as }), none);
  expect(res.status).toBe(200);
  return (await res.json()) as Connection;
}

async function start(as: As = lead): Promise<URL> {
  const res = await startRoute.POST(jsonRequest('/api/connection/oauth/start', {}, { as }), none);
  expect(res.status).toBe(200);
  return new URL(((await res.json()) as { authorize_url: string }).authorize_url);
}

/** What the browser does on the simulator's authorize page: press Connect, land on the callback URL. */
async function approve(authorize: URL): Promise<URL> {
  const page = await fetch(authorize);
  expect(page.status).toBe(200);
  const href = /href="([^"]*approve=1[^"]*)"/.exec(await page.text())?.[1]?.replace(/&amp;/g, '&');
  const res = await fetch(new URL(href!, authorize), { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

async function callback(back: URL, as: As = lead): Promise<string> {
  const res = await callbackRoute.GET(getRequest(`${back.pathname}${back.search}`, { as }), none);
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

async function simOAuth() {
  return (await (await fetch(`${h.sim.url}/_sim/oauth`)).json()) as {
    last_bearer: { kind: string; hint: string } | null;
    tokens: { token_hint: string; calls: number }[];
  };
}

async function finCall() {
  const res = await capabilitiesRoute.POST(
    jsonRequest('/api/fin/capabilities', { user: { id: 'conn-user' } }, { as: lead }),
    none,
  );
  expect(res.status).toBe(200);
}

async function check(): Promise<Connection> {
  const res = await checkRoute.POST(jsonRequest('/api/connection/check', {}, { as: lead }), none);
  expect(res.status).toBe(200);
  return (await res.json()) as Connection;
}

const storedRows = async () => (await h.ctx()).db.query('SELECT * FROM connection_token');

describe('OAuth connection', () => {
  it('starts on the environment token, with OAuth configured for the simulator', async () => {
    const v = await view(lead);
    expect(v).toMatchObject({
      target: 'simulator',
      base_url: h.sim.url,
      token_source: 'environment',
      token_ok: null,
      scopes: null,
      webhook_url: 'http://console.test/api/webhooks/intercom',
      webhook_secret_hint: 'cret',
      oauth: {
        configured: true,
        connected_at: null,
        client_id: 'sim-client-id',
        redirect_url: 'http://console.test/api/connection/oauth/callback',
        problem: null,
      },
    });
    expect(v.webhooks.map((w) => [w.kind, w.secret_env, w.secret_hint])).toEqual([
      ['fin_events', 'FIN_EVENTS_WEBHOOK_SECRET', 'cret'],
      ['app', 'INTERCOM_CLIENT_SECRET', 'cret'],
    ]);
    expect(JSON.stringify(v)).not.toContain(TOKEN);
  });

  it('shows the webhook secrets’ last characters to leads only', async () => {
    const v = await view(viewer);
    expect(v.webhook_secret_hint).toBeNull();
    expect(v.webhooks.map((w) => [w.kind, w.secret_env, w.secret_hint])).toEqual([
      ['fin_events', 'FIN_EVENTS_WEBHOOK_SECRET', null],
      ['app', 'INTERCOM_CLIENT_SECRET', null],
    ]);
  });

  it('checks the environment token with GET /me (lead only)', async () => {
    const denied = await checkRoute.POST(jsonRequest('/api/connection/check', {}, { as: viewer }), none);
    expect(denied.status).toBe(403);
    const res = await checkRoute.POST(jsonRequest('/api/connection/check', {}, { as: lead }), none);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      token_source: 'environment',
      token_ok: true,
      token_error: null,
      app: { id_code: 'sim_app', name: 'Fin Simulator', region: 'US' },
      api_version: 'Preview',
      fin_key: { origin: 'FIN_AGENT_API_KEY', ok: true, error: null },
    });
    expect((await simOAuth()).last_bearer).toMatchObject({ kind: 'app', hint: APP_TOKEN.slice(-4) });
  });

  it('refuses a viewer the OAuth flow', async () => {
    const res = await startRoute.POST(jsonRequest('/api/connection/oauth/start', {}, { as: viewer }), none);
    expect(res.status).toBe(403);
  });

  it('starts only with a same-site POST: a GET is 405 and a cross-site POST 403, no state made', async () => {
    const db = (await h.ctx()).db;
    const sam = await createUser(db, {
      name: 'Sam Session',
      email: `${uid('sam')}@test.test`,
      role: 'lead',
      password: 'a-long-test-password',
    });
    const session: As = { cookie: (await createSession(db, sam.id)).secret };
    const states = async () =>
      (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM oauth_states WHERE principal = $1', [
          `user:${sam.id}`,
        ])
      )[0]!.n;
    const before = await states();
    const get = await startRoute.GET(getRequest('/api/connection/oauth/start', { as: lead }), none);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(get.headers.get('location')).toBeNull();
    expect(await get.json()).toMatchObject({ type: 'error.list', errors: [{ code: 'method_not_allowed' }] });

    const postFrom = (origin: string) =>
      startRoute.POST(
        jsonRequest('/api/connection/oauth/start', {}, { as: session, headers: { origin } }),
        none,
      );
    const crossSite = await postFrom('https://evil.example');
    expect(crossSite.status).toBe(403);
    expect(await states()).toBe(before);
    const sameSite = await postFrom('http://console.test');
    expect(sameSite.status).toBe(200);
    expect(await states()).toBe(before + 1);
  });

  it('connects: the token is stored encrypted and replaces the app token, also after a restart', async () => {
    const authorize = await start();
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${h.sim.url}/oauth`);
    expect(authorize.searchParams.get('client_id')).toBe('sim-client-id');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      'http://console.test/api/connection/oauth/callback',
    );

    const back = await approve(authorize);
    expect(back.searchParams.get('code')).toMatch(/=$/);
    expect(await callback(back)).toBe('/settings?connected=1');

    const ctx = await h.ctx();
    const token = ctx.connection.token('app');
    expect(token).not.toBe(TOKEN);
    const rows = await storedRows();
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(Buffer.from(token).toString('hex'));
    expect(rows[0]).toMatchObject({ connected_by: 'Dana Lead' });
    // Sealed with CONSOLE_ENCRYPTION_KEY: outside demo mode no key is written beside the store.
    await expect(readFile(path.join(h.store.dataDir, KEY_FILE), 'utf8')).rejects.toThrow(/ENOENT/);

    const v = await view(viewer);
    expect(v).toMatchObject({
      token_source: 'oauth',
      token_ok: true,
      app: { id_code: 'sim_app' },
      oauth: { connected_by: 'Dana Lead' },
    });
    expect(v.oauth.connected_at).toBeTruthy();

    // The Fin Agent API key stays on /fin/*; the OAuth token answers for the app.
    await finCall();
    expect((await simOAuth()).last_bearer).toMatchObject({ kind: 'configured', hint: TOKEN.slice(-4) });
    await check();
    expect((await simOAuth()).last_bearer).toMatchObject({ kind: 'oauth', hint: token.slice(-4) });

    await h.restart();
    expect((await view()).token_source).toBe('oauth');
    await check();
    expect((await simOAuth()).last_bearer).toMatchObject({ kind: 'oauth', hint: token.slice(-4) });

    const audit = await listAudit((await h.ctx()).db, 'connection');
    expect(audit.map((a) => [a.action, a.actor])).toContainEqual(['connection.oauth_connect', 'Dana Lead']);
  });

  it('refuses a missing, unknown, foreign, used or expired state and a replayed code; nothing changes', async () => {
    const before = JSON.stringify(await storedRows());
    const back = await approve(await start());

    const noState = new URL(back);
    noState.searchParams.delete('state');
    expect(await callback(noState)).toBe('/settings?oauth_error=missing_state');
    const bogus = new URL(back);
    bogus.searchParams.set('state', 'not-a-state');
    expect(await callback(bogus)).toBe('/settings?oauth_error=unknown_state');
    expect(await callback(back, otherLead)).toBe('/settings?oauth_error=other_user');
    // The state survives someone else's attempt; its owner can still use it, once.
    expect(await callback(back)).toBe('/settings?connected=1');
    expect(await callback(back)).toBe('/settings?oauth_error=used_state');

    const replay = await start();
    const replayed = new URL(back);
    replayed.searchParams.set('state', replay.searchParams.get('state')!);
    expect(await callback(replayed)).toBe('/settings?oauth_error=exchange_failed');

    const late = await approve(await start());
    await (
      await h.ctx()
    ).db.query("UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    expect(await callback(late)).toBe('/settings?oauth_error=expired_state');

    const cancelled = await start();
    const denied = new URL('http://console.test/api/connection/oauth/callback');
    denied.searchParams.set('error', 'access_denied');
    denied.searchParams.set('state', cancelled.searchParams.get('state')!);
    expect(await callback(denied)).toBe('/settings?oauth_error=access_denied');

    expect(JSON.stringify(await storedRows())).not.toBe(before); // the one good callback reconnected
    expect((await storedRows()).length).toBe(1);
  });

  it('disconnects: back to the environment token at once', async () => {
    const denied = await disconnectRoute.DELETE(
      getRequest('/api/connection/oauth', { as: viewer, method: 'DELETE' }),
      none,
    );
    expect(denied.status).toBe(403);
    const res = await disconnectRoute.DELETE(
      getRequest('/api/connection/oauth', { as: lead, method: 'DELETE' }),
      none,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ token_source: 'environment', oauth: { connected_at: null } });
    expect(await storedRows()).toHaveLength(0);
    await check();
    expect((await simOAuth()).last_bearer).toMatchObject({ kind: 'app', hint: APP_TOKEN.slice(-4) });
    const audit = await listAudit((await h.ctx()).db, 'connection');
    expect(audit[0]).toMatchObject({ action: 'connection.oauth_disconnect', actor: 'Dana Lead' });
  });
});
