import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as streamRoute from '@/app/api/conversations/[id]/stream/route';
import * as webhookRoute from '@/app/api/webhooks/intercom/route';
import { request as httpRequest } from 'node:http';
import { parseEnv } from './env';
import {
  admitRequest,
  conversationStreamId,
  isWebhookDelivery,
  serveConversationStream,
  serveWebhook,
} from './direct-routes';
import { limiter } from './auth/rate-limit';
import {
  ADMIN_TOKEN,
  EVENTS_SECRET,
  getRequest,
  params,
  readSse,
  startHarness,
  waitFor,
  type Harness,
} from '@/testing/server/harness';
import { listenLocal } from '@/testing/util';

/**
 * The console's server answers webhook deliveries itself, ahead of Next's router. It must answer
 * exactly as the Next route does, for good and bad deliveries alike, and store the same.
 */
describe('webhook deliveries served by the console server directly', () => {
  let h: Harness;
  let server: Server;
  let url: string;
  let base: string;
  beforeAll(async () => {
    // The test's requests come from loopback, a trusted proxy here, so X-Forwarded-For names the sender.
    h = await startHarness({ webhooks: false, env: { TRUST_PROXY: 'loopback' } });
    server = createServer((req, res) => {
      const streamId = conversationStreamId(req.method, req.url);
      if (isWebhookDelivery(req.method, req.url)) void serveWebhook(req, res);
      else if (streamId !== null) void serveConversationStream(req, res, streamId);
      else res.writeHead(404).end();
    });
    base = await listenLocal(server);
    url = `${base}/api/webhooks/intercom`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await h?.close();
  });

  const finEvent = (conversationId: string) => {
    const at = new Date().toISOString();
    return JSON.stringify({
      event_name: 'fin_replied',
      conversation_id: conversationId,
      user_id: 'direct-user',
      message: { id: `msg-${randomUUID()}`, author: 'fin', body: '<p>Hello</p>', timestamp_ms: at },
      status: 'replying',
      created_at_ms: at,
    });
  };
  const sign = (body: string, secret = EVENTS_SECRET) => ({
    'x-fin-agent-api-webhook-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  });
  const json = { 'content-type': 'application/json' };
  const direct = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers: { ...json, ...headers } });
  const viaRoute = (body: string, headers: Record<string, string>) =>
    webhookRoute.POST(
      new Request('http://console.test/api/webhooks/intercom', {
        method: 'POST',
        body,
        headers: { ...json, ...headers },
      }),
      params({}),
    );
  const answer = async (res: Response) => ({
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.json()) as unknown,
  });

  it('matches only POSTs to the webhook path', () => {
    expect(isWebhookDelivery('POST', '/api/webhooks/intercom')).toBe(true);
    expect(isWebhookDelivery('POST', '/api/webhooks/intercom?x=1')).toBe(true);
    expect(isWebhookDelivery('HEAD', '/api/webhooks/intercom')).toBe(false);
    expect(isWebhookDelivery('POST', '/api/webhooks/intercom/x')).toBe(false);
    expect(isWebhookDelivery('POST', '/api/health')).toBe(false);
  });

  it('answers each kind of delivery as the Next route does', async () => {
    const notJson = 'not json';
    const cases: [string, (id: string) => [string, Record<string, string>]][] = [
      [
        'signed Fin event',
        (id) => {
          const b = finEvent(id);
          return [b, sign(b)];
        },
      ],
      [
        'wrong signature',
        (id) => {
          const b = finEvent(id);
          return [b, sign(b, 'wrong')];
        },
      ],
      ['no signature', (id) => [finEvent(id), {}]],
      ['signed, not JSON', () => [notJson, sign(notJson)]],
      [
        'signed, not an event',
        () => {
          const b = JSON.stringify({ hello: 1 });
          return [b, sign(b)];
        },
      ],
    ];
    for (const [name, make] of cases) {
      const [a, ah] = make(`direct-${randomUUID()}`);
      const [b, bh] = make(`route-${randomUUID()}`);
      const got = await answer(await direct(a, { 'x-forwarded-for': '10.9.0.1', ...ah }));
      const want = await answer(await viaRoute(b, { 'x-forwarded-for': '10.9.0.2', ...bh }));
      expect({ name, ...got }).toEqual({ name, ...want });
    }
  });

  it('stores a delivered event once, fans it out, and sends the console’s static headers', async () => {
    const id = `direct-${randomUUID()}`;
    const body = finEvent(id);
    const seen: unknown[] = [];
    const ctx = await h.ctx();
    const first = await direct(body, sign(body));
    const unsubscribe = ctx.hub.subscribeConversation(id, (m) => seen.push(m));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(await first.json()).toEqual({ ok: true, duplicate: false });
    const again = await direct(body, sign(body));
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    const events = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE conversation_id = $1',
      [id],
    );
    expect(events[0]!.n).toBe(1);
    const next = finEvent(id);
    expect((await direct(next, sign(next))).status).toBe(200);
    unsubscribe();
    expect(seen.length).toBeGreaterThan(0);
  });

  it('limits badly signed requests per address, and never a correctly signed one', async () => {
    const from = { 'x-forwarded-for': `10.7.${Math.floor(Math.random() * 250)}.9` };
    const bad = finEvent(`direct-${randomUUID()}`);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await direct(bad, { ...from, ...sign(bad, 'nope') })).status);
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    const limited = await direct(bad, { ...from, ...sign(bad, 'nope') });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ type: 'error.list', errors: [{ code: 'rate_limited' }] });
    const good = finEvent(`direct-${randomUUID()}`);
    expect((await direct(good, { ...from, ...sign(good) })).status).toBe(200);
  });

  it('without TRUST_PROXY the address is the socket peer: a new X-Forwarded-For each time resets nothing', async () => {
    const env = (await h.ctx()).env;
    const trust = env.trustProxy;
    env.trustProxy = null;
    try {
      limiter('webhook').reset('127.0.0.1');
      const bad = finEvent(`direct-${randomUUID()}`);
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) {
        const from = { 'x-forwarded-for': `10.6.${i >> 8}.${i & 255}` };
        statuses.push((await direct(bad, { ...from, ...sign(bad, 'nope') })).status);
      }
      expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
      expect(statuses[60]).toBe(429);
    } finally {
      env.trustProxy = trust;
      limiter('webhook').reset('127.0.0.1');
    }
  });

  it('matches only GETs of a conversation stream, with the id decoded', () => {
    expect(conversationStreamId('GET', '/api/conversations/abc/stream')).toBe('abc');
    expect(conversationStreamId('GET', '/api/conversations/a%2Fb%20c/stream?after=3')).toBe('a/b c');
    expect(conversationStreamId('POST', '/api/conversations/abc/stream')).toBeNull();
    expect(conversationStreamId('GET', '/api/conversations/abc')).toBeNull();
    expect(conversationStreamId('GET', '/api/conversations/a/b/stream')).toBeNull();
    expect(conversationStreamId('GET', '/api/conversations/%E0%A4%A/stream')).toBeNull();
  });

  it('streams a conversation as the Next route does: refusals, replay after Last-Event-ID, then live frames', async () => {
    const id = `direct-stream-${randomUUID()}`;
    const ctx = await h.ctx();
    for (let i = 0; i < 3; i++) {
      const body = finEvent(id);
      expect((await direct(body, sign(body))).status).toBe(200);
    }
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const path = (cid: string) => `/api/conversations/${encodeURIComponent(cid)}/stream`;
    const both = async (cid: string, headers: Record<string, string>) => {
      const abort = new AbortController();
      const d = await fetch(`${base}${path(cid)}`, { headers, signal: abort.signal });
      const r = await streamRoute.GET(
        getRequest(path(cid), { headers, as: null, signal: abort.signal }),
        params({ id: cid }),
      );
      return { d, r, abort };
    };

    for (const [cid, headers] of [
      [id, {}],
      ['no-such-conversation', auth],
    ] as const) {
      const { d, r } = await both(cid, headers);
      expect({ status: d.status, body: await d.json() }).toEqual({ status: r.status, body: await r.json() });
    }

    const { d, r, abort } = await both(id, { ...auth, 'last-event-id': '1' });
    expect(d.status).toBe(200);
    for (const name of ['content-type', 'cache-control', 'x-accel-buffering'])
      expect(d.headers.get(name)).toBe(r.headers.get(name));
    // What next.config.mjs adds to the route's answers.
    expect(d.headers.get('x-content-type-options')).toBe('nosniff');
    expect(d.headers.get('x-frame-options')).toBe('DENY');
    const viaServer = readSse(d);
    const routed = readSse(r);
    const frames = (m: { event?: string; id?: string; data: string }[]) =>
      m.filter((x) => x.event === 'fin').map((x) => [x.id, (JSON.parse(x.data) as { seq: number }).seq]);
    await waitFor(
      () => frames(viaServer.messages).length === 2 && frames(routed.messages).length === 2,
      3000,
      'replay',
    );
    expect(viaServer.messages[0]?.event).toBe('conversation');
    expect(frames(viaServer.messages)).toEqual([
      ['2', 2],
      ['3', 3],
    ]);
    expect(frames(viaServer.messages)).toEqual(frames(routed.messages));

    const live = finEvent(id);
    await direct(live, sign(live));
    await waitFor(() => frames(viaServer.messages).length === 3, 3000, 'live frame');
    expect(frames(viaServer.messages).at(-1)).toEqual(['4', 4]);
    expect(ctx.hub.fanout.subscriberCount(id)).toBe(2);
    abort.abort();
    await Promise.all([viaServer.done, routed.done]);
    await waitFor(
      () => ctx.hub.fanout.subscriberCount(id) === 0,
      3000,
      'both unsubscribed once the clients left',
    );
  });
});

describe('the host allow-list and HSTS, ahead of every route', () => {
  let server: Server;
  let port: number;
  const env = parseEnv({
    CONSOLE_ORIGIN: 'https://console.example.com',
    CONSOLE_DEMO_ACCOUNTS: '0',
    INTERCOM_ACCESS_TOKEN: 't',
    INTERCOM_CLIENT_SECRET: 's',
  });
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (admitRequest(req, res, env)) res.writeHead(200).end('ok');
    });
    port = Number(new URL(await listenLocal(server)).port);
  });
  afterAll(() => new Promise((r) => server?.close(r)));

  /** A request to the loopback server with any Host header (fetch can't set one). */
  const get = (host: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/auth/me', headers: { host } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it("a rebound host name gets 421 in the error.list shape; the console's own name passes with HSTS", async () => {
    const evil = await get('evil.example');
    expect(evil.status).toBe(421);
    expect(JSON.parse(evil.body)).toMatchObject({
      type: 'error.list',
      errors: [{ code: 'misdirected_request', message: 'This console does not answer for that host name' }],
    });
    expect((await get(`127.0.0.1:${port}`)).status).toBe(421);
    const own = await get('console.example.com');
    expect(own.status).toBe(200);
    expect(own.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});
