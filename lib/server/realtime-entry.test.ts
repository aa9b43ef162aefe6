import { createHmac, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limiter } from './auth/rate-limit';
import { parseEnv } from './env';
import { admitRequest, conversationStreamId } from './realtime-entry';
import {
  ADMIN_TOKEN,
  EVENTS_SECRET,
  finRepliedEvent,
  readSse,
  startHarness,
  waitFor,
  type Harness,
} from '@/testing/server/harness';
import { listenLocal } from '@/testing/util';

/** Webhook deliveries and conversation streams, over HTTP as the console's server serves them. */
describe('the realtime entry', () => {
  let h: Harness;
  let url: string;
  let base: string;
  beforeAll(async () => {
    // The test's requests come from loopback, a trusted proxy here, so X-Forwarded-For names the sender.
    h = await startHarness({ webhooks: false, env: { TRUST_PROXY: 'loopback' } });
    ({ url, base } = h.bridge);
  });
  afterAll(async () => {
    await h?.close();
  });

  const sign = (body: string, secret = EVENTS_SECRET) => ({
    'x-fin-agent-api-webhook-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  });
  const json = { 'content-type': 'application/json' };
  const direct = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers: { ...json, ...headers } });
  const answer = async (res: Response) => ({
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.json()) as unknown,
  });

  it('answers HEAD on the webhook path, and other methods on its paths with 405', async () => {
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    const get = await fetch(url);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST, HEAD']);
    const post = await fetch(`${base}/api/conversations/x/stream`, { method: 'POST', body: '{}' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('answers each kind of delivery', async () => {
    const notJson = 'not json';
    const cases: [string, (id: string) => [string, Record<string, string>]][] = [
      [
        'signed Fin event',
        (id) => {
          const b = finRepliedEvent(id);
          return [b, sign(b)];
        },
      ],
      [
        'wrong signature',
        (id) => {
          const b = finRepliedEvent(id);
          return [b, sign(b, 'wrong')];
        },
      ],
      ['no signature', (id) => [finRepliedEvent(id), {}]],
      ['signed, not JSON', () => [notJson, sign(notJson)]],
      [
        'signed, not an event',
        () => {
          const b = JSON.stringify({ hello: 1 });
          return [b, sign(b)];
        },
      ],
    ];
    const got: unknown[] = [];
    for (const [name, make] of cases) {
      const [a, ah] = make(`direct-${randomUUID()}`);
      const { status, type, body } = await answer(await direct(a, { 'x-forwarded-for': '10.9.0.1', ...ah }));
      got.push([name, status, type, (body as { errors?: { code: string }[] }).errors?.[0]?.code ?? body]);
    }
    expect(got).toEqual(ANSWERS);
  });

  it('stores a delivered event once, fans it out, and sends the console’s static headers', async () => {
    const id = `direct-${randomUUID()}`;
    const body = finRepliedEvent(id);
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
    const next = finRepliedEvent(id);
    expect((await direct(next, sign(next))).status).toBe(200);
    unsubscribe();
    expect(seen.length).toBeGreaterThan(0);
  });

  it('limits badly signed requests per address, and never a correctly signed one', async () => {
    const from = { 'x-forwarded-for': `10.7.${Math.floor(Math.random() * 250)}.9` };
    const bad = finRepliedEvent(`direct-${randomUUID()}`);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await direct(bad, { ...from, ...sign(bad, 'nope') })).status);
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    const limited = await direct(bad, { ...from, ...sign(bad, 'nope') });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ type: 'error.list', errors: [{ code: 'rate_limited' }] });
    const good = finRepliedEvent(`direct-${randomUUID()}`);
    expect((await direct(good, { ...from, ...sign(good) })).status).toBe(200);
  });

  it('without TRUST_PROXY the address is the socket peer: a new X-Forwarded-For each time resets nothing', async () => {
    const env = (await h.ctx()).env;
    const trust = env.trustProxy;
    env.trustProxy = null;
    try {
      limiter('webhook').reset('127.0.0.1');
      const bad = finRepliedEvent(`direct-${randomUUID()}`);
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

  it('takes the conversation id from a stream path, decoded', () => {
    expect(conversationStreamId('/api/conversations/abc/stream')).toBe('abc');
    expect(conversationStreamId('/api/conversations/a%2Fb%20c/stream')).toBe('a/b c');
    expect(conversationStreamId('/api/conversations/abc')).toBeNull();
    expect(conversationStreamId('/api/conversations/a/b/stream')).toBeNull();
    expect(conversationStreamId('/api/conversations/%E0%A4%A/stream')).toBeNull();
  });

  it('starts and replies to a conversation: refusals in the error.list shape, then Fin’s answer', async () => {
    const id = `direct-start-${randomUUID()}`;
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const turn = {
      conversation_id: id,
      user: { id: 'direct-user' },
      message: { author: 'user', body: 'Hello' },
    };
    const post = (route: string, body: string, headers: Record<string, string>) =>
      fetch(`${base}/api/fin/${route}`, { method: 'POST', body, headers });
    const refusal = async (res: Response) => [res.status, ((await res.json()) as { type: string }).type];

    expect(await refusal(await post('start', JSON.stringify(turn), json))).toEqual([401, 'error.list']);
    expect(
      await refusal(await post('start', JSON.stringify(turn), { ...auth, 'content-type': 'text/plain' })),
    ).toEqual([415, 'error.list']);
    const get = await fetch(`${base}/api/fin/reply`, { headers: auth });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);

    // Behind a trusted proxy that ended TLS, the console's own stream URL keeps the https scheme.
    const started = await post('start', JSON.stringify(turn), {
      ...auth,
      ...json,
      'x-forwarded-proto': 'https',
    });
    expect(started.status).toBe(200);
    expect(started.headers.get('content-type')).toMatch(/^application\/json/);
    expect(started.headers.get('x-content-type-options')).toBe('nosniff');
    const answer = (await started.json()) as { sse_subscription_url: string };
    const host = new URL(base).host;
    expect(answer.sse_subscription_url).toMatch(
      new RegExp(`^https://${host}/api/conversations/${id}/fin-stream\\?after=\\d+$`),
    );
    const ctx = await h.ctx();
    await waitFor(
      async () => (await ctx.db.query('SELECT 1 FROM conversations WHERE id = $1', [id])).length === 1,
    );
    const replied = await post('reply', JSON.stringify(turn), { ...auth, ...json });
    expect(replied.status).toBe(200);
    expect(((await replied.json()) as { sse_subscription_url: string }).sse_subscription_url).toMatch(
      new RegExp(`^http://${host}/api/conversations/${id}/fin-stream\\?after=\\d+$`),
    );
  });

  it('streams a conversation: refusals, replay after Last-Event-ID, then live frames', async () => {
    const id = `direct-stream-${randomUUID()}`;
    const ctx = await h.ctx();
    for (let i = 0; i < 3; i++) {
      const body = finRepliedEvent(id);
      expect((await direct(body, sign(body))).status).toBe(200);
    }
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const stream = (cid: string, headers: Record<string, string>, signal?: AbortSignal) =>
      fetch(`${base}/api/conversations/${encodeURIComponent(cid)}/stream`, { headers, signal });

    const anonymous = await stream(id, {});
    expect([anonymous.status, await anonymous.json()]).toMatchObject([
      401,
      { errors: [{ code: 'unauthorized' }] },
    ]);
    const missing = await stream('no-such-conversation', auth);
    expect([missing.status, await missing.json()]).toMatchObject([404, { type: 'error.list' }]);

    const abort = new AbortController();
    const res = await stream(id, { ...auth, 'last-event-id': '1' }, abort.signal);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const sse = readSse(res);
    const frames = () =>
      sse.messages
        .filter((x) => x.event === 'fin')
        .map((x) => [x.id, (JSON.parse(x.data) as { seq: number }).seq]);
    await waitFor(() => frames().length === 2, 3000, 'replay');
    expect(sse.messages[0]?.event).toBe('conversation');
    expect(frames()).toEqual([
      ['2', 2],
      ['3', 3],
    ]);

    const live = finRepliedEvent(id);
    await direct(live, sign(live));
    await waitFor(() => frames().length === 3, 3000, 'live frame');
    expect(frames().at(-1)).toEqual(['4', 4]);
    expect(ctx.hub.fanout.subscriberCount(id)).toBe(1);
    abort.abort();
    await sse.done;
    await waitFor(() => ctx.hub.fanout.subscriberCount(id) === 0, 3000, 'unsubscribed once the client left');
  });
});

const ANSWERS = [
  ['signed Fin event', 200, 'application/json', { ok: true, duplicate: false }],
  ['wrong signature', 401, 'application/json', 'unauthorized'],
  ['no signature', 401, 'application/json', 'unauthorized'],
  ['signed, not JSON', 400, 'application/json', 'parameter_invalid'],
  ['signed, not an event', 400, 'application/json', 'parameter_invalid'],
];

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
  const get = (host: string, path = '/api/auth/me') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
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

  it('a share page, whose URL holds its token, is sent with no referrer and kept out of caches', async () => {
    const share = await get('console.example.com', '/share/abc?x=1');
    expect(share.headers['referrer-policy']).toBe('no-referrer');
    expect(share.headers['cache-control']).toBe('private, no-store');
    const other = await get('console.example.com', '/shared/abc');
    expect(other.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });
});
