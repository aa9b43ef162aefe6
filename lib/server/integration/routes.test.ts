/** Every console route, called as Next calls it, against the real simulator and a real store. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '@/lib/fin';
import type { ApiCall, Conversation, ConversationDetail, StoredEvent } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/testing/sim';
import * as callsRoute from '@/app/api/calls/route';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as finStreamRoute from '@/app/api/conversations/[id]/fin-stream/route';
import * as conversationsRoute from '@/app/api/conversations/route';
import * as askRoute from '@/app/api/fin/ask/route';
import * as capabilitiesRoute from '@/app/api/fin/capabilities/route';
import * as csatRoute from '@/app/api/fin/csat/route';
import * as escalateRoute from '@/app/api/fin/escalate/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as replyRoute from '@/app/api/fin/reply/route';
import * as startRoute from '@/app/api/fin/start/route';
import * as healthRoute from '@/app/api/health/route';
import { listAudit } from '../db/records';
import { webhookRejections } from '../webhook-rejections';
import { conversationStream, hitlStream } from '../sse';
import {
  actingAs,
  CLIENT_SECRET,
  deliverWebhook,
  EVENTS_SECRET,
  getRequest,
  jsonRequest,
  type As,
  params,
  readSse,
  harnessPerFile,
  realtime,
  TOKEN,
  uid,
  waitFor,
} from '@/testing/server/harness';
import { sleep } from '@/testing/util';

const h = harnessPerFile();

const user = {
  id: 'routes-user',
  name: 'Jane Doe',
  email: 'jane@example.com',
  attributes: { plan_type: 'Pro' },
};
const noParams = params({});

/** The end user says `body` in conversation `id`, through one of the Fin proxy routes. */
const say = (route: typeof askRoute, path: string, id: string, body: string, as?: As) =>
  route.POST(
    jsonRequest(
      path,
      { conversation_id: id, user, message: { author: 'user', body } },
      as === undefined ? {} : { as },
    ),
    noParams,
  );

async function detail(id: string): Promise<ConversationDetail> {
  const res = await conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id }));
  expect(res.status).toBe(200);
  return (await res.json()) as ConversationDetail;
}

const waitStatus = (id: string, status: string, what = `${id} ${status}`) =>
  waitFor(
    async () => {
      const d = await detail(id);
      return d.conversation.status === status ? d : undefined;
    },
    5000,
    what,
  );

/** Waits until the upstream stream is over and no event has arrived for a while (late webhooks included). */
async function settled(id: string): Promise<ConversationDetail> {
  let last = -1;
  return waitFor(
    async () => {
      const d = await detail(id);
      const quiet = ['closed', 'revoked'].includes(d.conversation.stream_state) && d.events.length === last;
      last = d.events.length;
      if (!quiet) await sleep(150);
      return quiet ? d : undefined;
    },
    5000,
    `${id} to settle`,
  );
}

const dump = (d: ConversationDetail) =>
  d.events
    .map(
      (e) =>
        `${e.seq} ${e.source} ${e.event.event_name} ${'status' in e.event ? String(e.event.status) : ''} ${e.event.created_at_ms} ${e.received_at}`,
    )
    .join('\n');

function expectCleanLog(events: StoredEvent[]) {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
}

describe('health', () => {
  it('tells a signed-out caller only that it is up', async () => {
    for (const headers of [{}, { authorization: 'Bearer fcon_not-a-token' }] as Record<string, string>[]) {
      const res = await healthRoute.GET(getRequest('/api/health', { as: null, headers }), noParams);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
    }
  });

  it('names the Fin API and the store to a signed-in caller, never the token', async () => {
    const res = await healthRoute.GET(getRequest('/api/health'), noParams);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      ok: true,
      fin_api: 'simulator',
      base_url: h.sim.url,
      store: h.store.databaseUrl ? 'postgres' : 'pglite',
    });
    expect(text).not.toContain(TOKEN);
  });
});

describe('the /api/fin proxy', () => {
  it('capabilities: same answer as the Fin API; bad bodies get field-level 400s', async () => {
    const res = await capabilitiesRoute.POST(jsonRequest('/api/fin/capabilities', { user }), noParams);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: string; capabilities: { type: string; id?: string }[] };
    expect(body.version).toBe('Preview');
    expect(body.capabilities.some((c) => c.id === PROCEDURE_IDS.resetPassword)).toBe(true);

    const bad = await capabilitiesRoute.POST(
      jsonRequest('/api/fin/capabilities', { user: { email: 'nope' } }),
      noParams,
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      type: 'error.list',
      errors: expect.arrayContaining([
        { code: 'parameter_invalid', message: MESSAGES.userIdRequired, field: 'user.id' },
        expect.objectContaining({ field: 'user.email' }),
      ]),
    });
    const notJson = await capabilitiesRoute.POST(jsonRequest('/api/fin/capabilities', '{oops'), noParams);
    expect([
      notJson.status,
      ((await notJson.json()) as { errors: { message: string }[] }).errors[0]?.message,
    ]).toEqual([400, 'Request body must be JSON']);
  });

  it('run → stored, followed to awaiting_user_reply; reply → user message then the rest of the cycle', async () => {
    const id = uid('run');
    const finDeliveries = async () =>
      (
        await (
          await h.ctx()
        ).db.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE kind = 'fin'")
      )[0]!.n;
    const deliveredBefore = await finDeliveries();
    const res = await runRoute.POST(
      jsonRequest(
        `/api/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`,
        { conversation_id: id, user, message: { author: 'agent', body: 'Start' } },
        { as: await actingAs(h, 'Zoë Lead') },
      ),
      params({ procedureId: PROCEDURE_IDS.resetPassword }),
    );
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Record<string, string>;
    expect(answer).toMatchObject({
      conversation_id: id,
      procedure_id: PROCEDURE_IDS.resetPassword,
      status: 'thinking',
    });
    // Fin's stream URL carries an access token: the caller gets the console's instead.
    expect(answer.sse_subscription_url).toBe(
      `http://console.test/api/conversations/${id}/fin-stream?after=0`,
    );
    expect(JSON.stringify(answer)).not.toMatch(/accessToken|event-stream|127\.0\.0\.1/);
    // A run's answer does not name the Intercom conversation (only escalating a user does).
    expect(Object.keys(answer)).not.toContain('intercom_conversation_id');
    // A client written for Fin's SSE reads it as Fin's: default messages carrying the Fin event, ending with the cycle.
    const finStream = readSse(
      await finStreamRoute.GET(
        getRequest(new URL(answer.sse_subscription_url!).pathname + '?after=0', {
          as: await actingAs(h, 'Vic Viewer', 'viewer'),
        }),
        params({ id }),
      ),
    );
    expect(await finStream.done).toBe('closed');
    expect(finStream.messages.map((m) => m.event)).toEqual([undefined, undefined, undefined]);
    expect(finStream.messages.map((m) => (JSON.parse(m.data) as { event_name: string }).event_name)).toEqual([
      'fin_replied',
      'fin_replied',
      'fin_status_updated',
    ]);
    expect(JSON.parse(finStream.messages[2]!.data)).toMatchObject({ status: 'awaiting_user_reply' });

    const waiting = await waitStatus(id, 'awaiting_user_reply');
    expect(waiting.conversation).toMatchObject({
      kind: 'procedure',
      procedure_id: PROCEDURE_IDS.resetPassword,
      procedure_name: 'Reset password',
      intercom_conversation_id: null,
      user,
    });
    const names = waiting.events.map((e) => e.event.event_name);
    expect(names).toEqual(['fin_replied', 'fin_replied', 'fin_status_updated']);

    const reply = await say(
      replyRoute,
      '/api/fin/reply',
      id,
      'jane@example.com',
      await actingAs(h, 'Zoë Lead'),
    );
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { sse_subscription_url: string }).sse_subscription_url).toBe(
      `http://console.test/api/conversations/${id}/fin-stream?after=3`,
    );
    await waitStatus(id, 'complete');
    const done = await settled(id);
    // The reply cycle in Fin's format: Fin's events only, ending with the cycle.
    const secondCycle = readSse(
      await finStreamRoute.GET(getRequest(`/api/conversations/${id}/fin-stream?after=3`), params({ id })),
    );
    expect(await secondCycle.done).toBe('closed');
    const cycleNames = secondCycle.messages.map(
      (m) => (JSON.parse(m.data) as { event_name: string }).event_name,
    );
    expect(cycleNames.length).toBeGreaterThan(0);
    expect(cycleNames.filter((n) => n.startsWith('console_'))).toEqual([]);
    expect(JSON.parse(secondCycle.messages.at(-1)!.data)).toMatchObject({ status: 'complete' });
    const after = done.events.slice(3).map((e) => e.event.event_name);
    expect(after[0]).toBe('console_user_message');
    expect(done.events[3]?.event, dump(done)).toMatchObject({ body: 'jane@example.com', author: 'user' });
    expect(after.filter((n) => n === 'fin_status_updated')).toHaveLength(2);
    expect(done.conversation.status).toBe('complete');
    expectCleanLog(done.events);
    // Both channels delivered (which stores first is a race), yet every event is stored once.
    expect(await finDeliveries()).toBeGreaterThan(deliveredBefore);
    const sources = new Set(done.events.map((e) => e.source));
    expect(sources).toContain('sse');
    expect(sources).toContain('console');

    const audit = await listAudit((await h.ctx()).db, id);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['Zoë Lead', 'reply'],
      ['Zoë Lead', 'run'],
    ]);
  });

  it('passes a Fin 4xx through unchanged', async () => {
    const res = await runRoute.POST(
      jsonRequest('/api/fin/procedures/99999/run', { conversation_id: uid('bad'), user }),
      params({ procedureId: '99999' }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: 'error.list',
      request_id: expect.any(String),
      errors: [{ code: 'parameter_invalid', message: MESSAGES.procedureNotFound }],
    });
  });

  it('ask: one answer then complete; attribute errors stay in the answer and become a warning event', async () => {
    const id = uid('ask');
    const res = await askRoute.POST(
      jsonRequest('/api/fin/ask', {
        conversation_id: id,
        user: { id: 'ask-user', attributes: { plan_type: 'Pro', shoe_size: 44 } },
        message: { author: 'user', body: 'How do I reset my password?' },
        conversation_metadata: { attributes: { priority_level: 1234 } },
      }),
      noParams,
    );
    const answer = (await res.json()) as { errors: unknown };
    expect(answer.errors).toEqual({
      user: { attributes: { shoe_size: "User attribute 'shoe_size' does not exist" } },
      conversation: {
        attributes: {
          priority_level: "'1234' is not a valid value for attribute 'priority_level' of type 'string'",
        },
      },
    });
    await waitStatus(id, 'complete');
    const done = await settled(id);
    expect(done.conversation.kind).toBe('ask');
    expect(done.conversation.warnings).toEqual(answer.errors);
    expect(done.events.find((e) => e.event.event_name === 'console_attribute_warnings')?.event).toMatchObject(
      { errors: answer.errors },
    );
    expect(done.events.some((e) => e.event.event_name === 'fin_reply_chunk' && e.source === 'sse')).toBe(
      true,
    );
    expectCleanLog(done.events);
  });

  it('start (legacy) and escalate by conversation: escalated then complete', async () => {
    const id = uid('start');
    const res = await say(startRoute, '/api/fin/start', id, 'Where are my invoices?');
    expect(res.status).toBe(200);
    await waitStatus(id, 'awaiting_user_reply');
    const esc = await escalateRoute.POST(
      jsonRequest(
        '/api/fin/escalate',
        { conversation_id: id, context: 'VIP, please hurry' },
        { as: await actingAs(h, 'Zoë Lead') },
      ),
      noParams,
    );
    expect(esc.status).toBe(200);
    expect(await esc.json()).toMatchObject({
      conversation_id: id,
      status: 'escalated',
      sse_subscription_url: expect.stringMatching(
        /^http:\/\/console\.test\/api\/conversations\/.+\/fin-stream\?after=\d+$/,
      ),
    });
    await waitStatus(id, 'complete');
    const done = await settled(id);
    expect(done.conversation.kind).toBe('start');
    expect(
      done.events.find((e) => e.event.event_name === 'console_escalation_requested')?.event,
    ).toMatchObject({ context: 'VIP, please hurry' });
    expect(
      done.events.some((e) => e.event.event_name === 'fin_status_updated' && e.event.status === 'escalated'),
    ).toBe(true);
    expectCleanLog(done.events);
  });

  it('escalate by user opens a conversation the console tracks under the Intercom id', async () => {
    const res = await escalateRoute.POST(
      jsonRequest('/api/fin/escalate', { user: { id: 'esc-user' }, message: 'I need a human' }),
      noParams,
    );
    const answer = (await res.json()) as { intercom_conversation_id: string; status: string };
    expect(answer.status).toBe('escalated');
    const d = await detail(`intercom-${answer.intercom_conversation_id}`);
    expect(d.conversation).toMatchObject({
      kind: 'escalation',
      status: 'escalated',
      intercom_conversation_id: answer.intercom_conversation_id,
      user: { id: 'esc-user' },
    });
    expect(d.events.map((e) => e.event.event_name)).toEqual(['console_escalation_requested']);
  });

  it('csat: after the survey is requested the rating is proxied and noted', async () => {
    const id = uid('csat');
    await runRoute.POST(
      jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.orderStatus}/run`, { conversation_id: id, user }),
      params({ procedureId: PROCEDURE_IDS.orderStatus }),
    );
    await waitFor(
      async () => (await detail(id)).events.some((e) => e.event.event_name === 'csat_requested'),
      5000,
      'csat_requested',
    );
    const bad = await csatRoute.POST(
      jsonRequest('/api/fin/csat', { conversation_id: id, rating: 'meh' }),
      noParams,
    );
    expect([bad.status, ((await bad.json()) as { errors: { field: string }[] }).errors[0]?.field]).toEqual([
      400,
      'rating',
    ]);
    const res = await csatRoute.POST(
      jsonRequest(
        '/api/fin/csat',
        { conversation_id: id, rating: 'amazing', remark: 'Quick!' },
        { as: await actingAs(h, 'Zoë Lead') },
      ),
      noParams,
    );
    expect(await res.json()).toEqual({ conversation_id: id, rating: 'amazing', status: 'rated' });
    const d = await detail(id);
    expect(
      d.events.filter((e) => e.event.event_name === 'console_csat_submitted').map((e) => e.event),
    ).toEqual([expect.objectContaining({ rating: 'amazing', remark: 'Quick!' })]);
    const unknown = await csatRoute.POST(
      jsonRequest('/api/fin/csat', { conversation_id: 'never-seen', rating: 'ok' }),
      noParams,
    );
    expect([unknown.status, await unknown.json()]).toEqual([
      422,
      { errors: { external_conversation_id: MESSAGES.csatConversationNotFound } },
    ]);
  });
});

describe('the console API', () => {
  it('lists conversations newest first with status, procedure and id filters', async () => {
    const list = async (qs: string) =>
      (await (
        await conversationsRoute.GET(getRequest(`/api/conversations${qs}`), noParams)
      ).json()) as Conversation[];
    const all = await list('');
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.map((c) => c.created_at)).toEqual([...all.map((c) => c.created_at)].sort().reverse());
    expect((await list('?status=complete')).every((c) => c.status === 'complete')).toBe(true);
    const procs = await list(`?procedure_id=${PROCEDURE_IDS.orderStatus}`);
    expect(procs.length).toBe(1);
    expect((await list('?q=ASK-')).every((c) => c.id.startsWith('ask-'))).toBe(true);
    expect(await list('?q=%25')).toEqual([]);
    const bad = await conversationsRoute.GET(getRequest('/api/conversations?status=sleeping'), noParams);
    expect(bad.status).toBe(400);
    const missing = await conversationRoute.GET(
      getRequest('/api/conversations/nope'),
      params({ id: 'nope' }),
    );
    expect(missing.status).toBe(404);
  });

  it('records every Fin call for the inspector, newest first, with no token or stream credential', async () => {
    const id = uid('calls');
    await say(askRoute, '/api/fin/ask', id, 'refund?');
    const res = await callsRoute.GET(getRequest(`/api/calls?conversation_id=${id}`), noParams);
    const calls = (await res.json()) as ApiCall[];
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      conversation_id: id,
      method: 'POST',
      url: `${h.sim.url}/fin/ask`,
      status: 200,
      request_body: { conversation_id: id },
    });
    expect(
      String((calls[0]?.response_body as { sse_subscription_url: string }).sse_subscription_url),
    ).toContain('accessToken=[redacted]');
    const everything = (await (await callsRoute.GET(getRequest('/api/calls'), noParams)).json()) as ApiCall[];
    expect(everything.map((c) => c.created_at)).toEqual(
      everything
        .map((c) => c.created_at)
        .sort()
        .reverse(),
    );
    expect(JSON.stringify(everything)).not.toContain(TOKEN);
    expect(JSON.stringify(everything)).not.toMatch(/accessToken=ey/);
  });

  it('streams a conversation: replay after ?after= or Last-Event-ID, then live events, then closes on abort', async () => {
    const id = uid('stream');
    await runRoute.POST(
      jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`, { conversation_id: id, user }),
      params({ procedureId: PROCEDURE_IDS.resetPassword }),
    );
    await waitStatus(id, 'awaiting_user_reply');

    const abort = new AbortController();
    // Held until the end: undici links a Request's signal to its source only while the Request lives.
    const req = getRequest(`/api/conversations/${id}/stream?after=1`, { signal: abort.signal });
    const res = await realtime(req);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = readSse(res);
    await waitFor(() => sse.messages.filter((m) => m.event === 'fin').length === 2, 3000, 'replay');
    expect(sse.messages[0]?.event).toBe('conversation');
    expect(sse.messages.filter((m) => m.event === 'fin').map((m) => m.id)).toEqual(['2', '3']);

    await say(replyRoute, '/api/fin/reply', id, 'me@example.com');
    await waitStatus(id, 'complete');
    const total = (await settled(id)).events.length;
    const storedFrames = () => sse.messages.filter((m) => m.event === 'fin' || m.event === 'fin_stored');
    await waitFor(() => storedFrames().length === total - 1, 3000, 'live events');
    const live = storedFrames().map((m) => ({
      ...(JSON.parse(m.data) as StoredEvent),
      frame: m.event,
      id: m.id,
    }));
    expect(live.map((e) => e.seq)).toEqual(Array.from({ length: total - 1 }, (_, i) => i + 2));
    expect(live.map((e) => e.id)).toEqual(live.map((e) => String(e.seq)));
    // Every event read came first as `fin_live` (no id), then only its acknowledgement; console notes come only stored.
    const firstSight = new Map<string, { event?: string; id?: string }>();
    for (const m of sse.messages) {
      if (m.event !== 'fin' && m.event !== 'fin_live') continue;
      const { key } = JSON.parse(m.data) as { key: string };
      if (!firstSight.has(key)) firstSight.set(key, m);
    }
    const followed = live.filter((e) => e.seq > 3 && e.frame === 'fin_stored');
    expect(followed.length).toBeGreaterThan(3);
    for (const e of followed) {
      expect(firstSight.get(e.key)).toMatchObject({ event: 'fin_live', id: undefined });
      expect(Object.keys(e).sort()).toEqual(['frame', 'id', 'key', 'received_at', 'seq']);
    }
    const notes = live.filter((x) => x.frame === 'fin' && x.source === 'console');
    expect(notes.length).toBeGreaterThan(0);
    for (const e of notes) expect(firstSight.get(e.key)).toMatchObject({ event: 'fin', id: String(e.seq) });
    const states = sse.messages
      .filter((m) => m.event === 'conversation')
      .map((m) => (JSON.parse(m.data) as Conversation).status);
    expect(states.at(-1)).toBe('complete');
    const fanout = (await h.ctx()).hub.fanout;
    expect(fanout.subscriberCount(id)).toBe(1);
    abort.abort();
    expect(req.signal.aborted).toBe(true);
    expect(await sse.done).toMatch(/closed|aborted/);
    await waitFor(() => fanout.subscriberCount(id) === 0, 3000, 'unsubscribed on abort');

    const resumed = await realtime(
      getRequest(`/api/conversations/${id}/stream`, { headers: { 'Last-Event-ID': String(total - 1) } }),
    );
    const again = readSse(resumed);
    await waitFor(() => again.messages.some((m) => m.event === 'fin'), 3000, 'resumed replay');
    expect(again.messages.filter((m) => m.event === 'fin').map((m) => m.id)).toEqual([String(total)]);
    await again.close();
    await waitFor(() => fanout.subscriberCount(id) === 0, 1000, 'unsubscribed on cancel');

    const missing = await realtime(getRequest('/api/conversations/nope/stream'));
    expect(missing.status).toBe(404);
  });
});

describe('stream heartbeats', () => {
  it('both console streams send `: ping` comments while idle', async () => {
    const ctx = await h.ctx();
    const id = uid('beat');
    await ctx.hub.ingest(
      id,
      { event_name: 'console_escalation_requested', context: null, created_at_ms: new Date().toISOString() },
      'console',
    );
    const conv = readSse(
      new Response(await conversationStream(ctx, id, 0, new AbortController(), { heartbeatMs: 30 })),
    );
    const inbox = readSse(new Response(hitlStream(ctx, new AbortController(), { heartbeatMs: 30 })));
    await waitFor(
      () => conv.comments.filter((c) => c === 'ping').length >= 2 && inbox.comments.includes('ping'),
      2000,
      'heartbeats',
    );
    expect(conv.messages.map((m) => m.event)).toEqual(['conversation', 'fin']);
    await Promise.all([conv.close(), inbox.close()]);
    await waitFor(
      () => ctx.hub.fanout.subscriberCount(id) === 0 && ctx.hub.fanout.subscriberCount() === 0,
      1000,
      'unsubscribed',
    );
  });
});

describe('POST /api/webhooks/intercom', () => {
  const hook = (raw: string, headers: Record<string, string>) => deliverWebhook(raw, headers);
  const finSig = (raw: string, secret = EVENTS_SECRET) =>
    `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  const hubSig = (raw: string, secret = CLIENT_SECRET) =>
    `sha1=${createHmac('sha1', secret).update(raw).digest('hex')}`;

  it('answers HEAD with 200, and other methods with 405', async () => {
    expect((await realtime(getRequest('/api/webhooks/intercom', { method: 'HEAD' }))).status).toBe(200);
    const get = await realtime(getRequest('/api/webhooks/intercom'));
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST, HEAD']);
  });

  it('Fin events: good sha256 stored (even for an unknown conversation), bad or missing signature → 401, nothing stored', async () => {
    const id = uid('hook');
    const raw = JSON.stringify({
      event_name: 'fin_status_updated',
      conversation_id: id,
      user_id: 'u9',
      status: 'escalated',
      reason: 'Routed to team',
      created_at_ms: new Date().toISOString(),
    });
    expect((await hook(raw, { 'X-Fin-Agent-API-Webhook-Signature': finSig(raw, 'wrong') })).status).toBe(401);
    expect((await hook(raw, {})).status).toBe(401);
    expect((await hook(raw, { 'X-Hub-Signature': hubSig(raw, 'wrong') })).status).toBe(401);
    expect((await conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id }))).status).toBe(
      404,
    );

    const ok = await hook(raw, { 'X-Fin-Agent-API-Webhook-Signature': finSig(raw) });
    expect([ok.status, await ok.json()]).toEqual([200, { ok: true, duplicate: false }]);
    const again = await hook(raw, { 'X-Fin-Agent-API-Webhook-Signature': finSig(raw) });
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    const d = await detail(id);
    expect(d.conversation).toMatchObject({ kind: 'external', status: 'escalated', user: { id: 'u9' } });
    expect(d.events).toHaveLength(1);
    expect(d.events[0]?.source).toBe('webhook');

    // Refusals are counted per kind (by signature header), not stored one row each.
    const tallies = await webhookRejections((await h.ctx()).db);
    const totals = new Map(tallies.map((t) => [t.kind, t.total]));
    for (const kind of ['app', 'fin', 'unsigned'] as const)
      expect(totals.get(kind)).toBeGreaterThanOrEqual(1);
  });

  it('app webhooks: sha1 HITL envelope creates one step; a retry of the same id is a no-op; bad signature → 401', async () => {
    const stepId = uid('step');
    const envelope = {
      type: 'notification_event',
      topic: 'procedure.hitl_notification.created',
      id: `notif_${stepId}`,
      app_id: 'app',
      created_at: 1700000000,
      delivery_attempts: 1,
      first_sent_at: 1700000000,
      data: {
        type: 'notification_event_data',
        item: {
          type: 'procedure.hitl_notification',
          app_id: 'app',
          conversation_id: '999000111',
          step_id: stepId,
          procedure_name: 'Refund Request',
          hitl_question: 'Approve?',
          attributes_to_collect: [
            {
              type: 'data_attribute',
              identifier: 'workflow_local_variables.a',
              name: 'Approve',
              label: 'Approve',
              data_type: 'boolean',
            },
          ],
          callback_url: `${h.sim.url}/procedures/999000111/collect_agent_input`,
          expires_at: null,
          priority: 'priority',
          assign_to: null,
        },
      },
    };
    const raw = JSON.stringify(envelope);
    expect((await hook(raw, { 'X-Hub-Signature': hubSig(raw, 'nope') })).status).toBe(401);
    const db = (await h.ctx()).db;
    const count = async () =>
      (
        await db.query<{ n: number }>('SELECT count(*)::int AS n FROM hitl_steps WHERE step_id = $1', [
          stepId,
        ])
      )[0]?.n;
    expect(await count()).toBe(0);
    expect((await hook(raw, { 'X-Hub-Signature': hubSig(raw) })).status).toBe(200);
    const retry = await hook(raw, { 'X-Hub-Signature': hubSig(raw) });
    expect([retry.status, await retry.json()]).toEqual([200, { ok: true, duplicate: true }]);
    expect(await count()).toBe(1);

    const other = JSON.stringify({
      ...envelope,
      id: `notif_other_${stepId}`,
      topic: 'conversation.user.created',
      data: { item: { type: 'conversation' } },
    });
    expect((await hook(other, { 'X-Hub-Signature': hubSig(other) })).status).toBe(200);
  });
});
