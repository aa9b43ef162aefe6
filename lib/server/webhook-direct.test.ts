import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as webhookRoute from '@/app/api/webhooks/intercom/route';
import { EVENTS_SECRET, params, startHarness, type Harness } from './testing/harness';
import { isWebhookDelivery, serveWebhook } from './webhook-direct';

/**
 * The console's server answers webhook deliveries itself, ahead of Next's router. It must answer
 * exactly as the Next route does, for good and bad deliveries alike, and store the same.
 */
describe('webhook deliveries served by the console server directly', () => {
  let h: Harness;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    h = await startHarness({ webhooks: false });
    server = createServer((req, res) => {
      if (isWebhookDelivery(req.method, req.url)) void serveWebhook(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/intercom`;
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
  const direct = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers });
  const viaRoute = (body: string, headers: Record<string, string>) =>
    webhookRoute.POST(
      new Request('http://console.test/api/webhooks/intercom', { method: 'POST', body, headers }),
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
});
