import { describe, expect, it } from 'vitest';
import { errorListSchema, finEventSchema, type FinEvent } from '@/lib/fin';
import {
  eventFlow,
  PROCEDURE_IDS,
  runProcedure,
  replyAndRead,
  say,
  simAdvanceClock,
  simConversation,
  simRigPerFile,
  subscribe,
  waitFor,
} from '@/testing/sim';
import { sleep } from '@/testing/util';

const rig = simRigPerFile({ webhookUrl: undefined, heartbeatMs: 40 });

const user = { id: 'u-sse', name: 'Jane Doe', email: 'jane@example.com' };

async function expect401(url: string) {
  const sub = await subscribe(url);
  expect(sub.status).toBe(401);
  expect(errorListSchema.parse(sub.error).errors).toEqual([
    { code: 'unauthorized', message: 'Access Token Invalid' },
  ]);
}

/** Waits until the simulator has logged an event matching `pred` for the conversation. */
const logged = (id: string, pred: (e: FinEvent) => boolean) =>
  waitFor(
    async () => ((await simConversation(rig.url, id)).events as FinEvent[]).some(pred),
    3000,
    `an event on ${id}`,
  );

describe('event stream', () => {
  it('serves default message events of valid event JSON with text/event-stream and heartbeats', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.resetPassword, 'fmt', user);
    const res = await fetch(run.body.sse_subscription_url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const blocks = text.split('\n\n').filter((b) => b.includes('data: '));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      expect(block).not.toMatch(/^event:/m);
      const data = block
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6);
      expect(finEventSchema.safeParse(JSON.parse(data)).success).toBe(true);
    }
    const paused = await runProcedure(rig, PROCEDURE_IDS.planUpgrade, 'beat', user);
    const sub = await subscribe(paused.body.sse_subscription_url);
    await waitFor(() => sub.comments.includes('ping'), 2000, 'a heartbeat');
    sub.close();
  });

  it('run: replies, awaiting_user_reply, then the stream ends and the token is revoked', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.resetPassword, 'run-1', user);
    const sub = await subscribe(run.body.sse_subscription_url);
    expect(await sub.done).toBe('closed');
    expect(eventFlow(sub.events)).toEqual(['fin_replied', 'fin_replied', 'status:awaiting_user_reply']);
    const [intro, question] = sub.events as Array<Extract<FinEvent, { event_name: 'fin_replied' }>>;
    expect(intro).toMatchObject({
      conversation_id: 'run-1',
      user_id: 'u-sse',
      status: 'replying',
      message: { author: 'fin', body: '<p>I can help you reset your password.</p>' },
    });
    expect(question?.message.id).not.toBe(intro?.message.id);
    await expect401(run.body.sse_subscription_url);
  });

  it('reply: new URL without rewind carries only new events; streamed chunks are cumulative and end in fin_replied', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.resetPassword, 'run-2', user);
    const first = await subscribe(run.body.sse_subscription_url);
    await first.done;
    const { url, sub, ended } = await replyAndRead(rig, 'run-2', 'jane@example.com', user);
    expect(ended).toBe('closed');
    expect(eventFlow(sub.events)).toEqual(['fin_replied', 'status:resolved', 'status:complete']);
    const firstIds = new Set(
      first.events.flatMap((e) => (e.event_name === 'fin_replied' ? [e.message.id] : [])),
    );
    expect(sub.events.some((e) => e.event_name === 'fin_replied' && firstIds.has(e.message.id))).toBe(false);

    const chunks = sub.events.filter((e) => e.event_name === 'fin_reply_chunk');
    const replied = sub.events.find((e) => e.event_name === 'fin_replied');
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.chunk_index)).toEqual(chunks.map((_, i) => i));
    for (const c of chunks)
      expect(c.stream_id).toBe(replied?.event_name === 'fin_replied' && replied.stream_id);
    for (let i = 1; i < chunks.length; i++)
      expect(chunks[i]!.chunk_text.startsWith(chunks[i - 1]!.chunk_text)).toBe(true);
    expect(chunks.at(-1)?.chunk_text).toContain('jane@example.com');
    expect(sub.events.indexOf(replied!)).toBeGreaterThan(sub.events.indexOf(chunks.at(-1)!));
    await expect401(url);
  });

  it('rewind replays the cycle to a late subscriber, then revokes; complete is held open for csat_requested', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.orderStatus, 'late', user);
    await logged('late', (e) => e.event_name === 'csat_requested');
    const sub = await subscribe(run.body.sse_subscription_url);
    expect(await sub.done).toBe('closed');
    expect(eventFlow(sub.events)).toEqual([
      'fin_replied',
      'status:resolved',
      'status:complete',
      'csat_requested',
    ]);
    expect(sub.events.filter((e) => e.event_name === 'fin_reply_chunk').length).toBeGreaterThan(0);
    await expect401(run.body.sse_subscription_url);
  });

  it('without rewind, a subscriber arriving after the cycle ended is refused', async () => {
    await rig.call('/fin/start', {
      conversation_id: 'norew',
      message: say('How do I reset my password?'),
      user,
    });
    await logged('norew', (e) => e.event_name === 'fin_status_updated' && e.status === 'awaiting_user_reply');
    const reply = await rig.call('/fin/reply', {
      conversation_id: 'norew',
      message: say('Where are invoices?'),
      user,
    });
    await waitFor(
      async () =>
        ((await simConversation(rig.url, 'norew')).events as FinEvent[]).filter(
          (e) => e.event_name === 'fin_status_updated',
        ).length === 2,
    );
    await expect401(reply.body.sse_subscription_url);
  });

  it('rewind stays within the window: events older than 2 minutes are not replayed', async () => {
    const run = await rig.call(`/fin/procedures/${PROCEDURE_IDS.planUpgrade}/run`, {
      conversation_id: 'window',
      user: { id: 'w', attributes: { plan_type: 'Pro' } },
    });
    await logged('window', (e) => e.event_name === 'fin_replied');
    await simAdvanceClock(rig.url, 150_000);
    const sub = await subscribe(run.body.sse_subscription_url);
    expect(sub.status).toBe(200);
    await sleep(30);
    expect(sub.events).toEqual([]);
    sub.close();
  });

  it('ask: one answer then complete, no awaiting_user_reply', async () => {
    const ask = await rig.call('/fin/ask', {
      conversation_id: 'ask-1',
      message: say('How do I get a refund?'),
      user,
    });
    const sub = await subscribe(ask.body.sse_subscription_url);
    expect(await sub.done).toBe('closed');
    expect(eventFlow(sub.events)).toEqual(['fin_replied', 'status:complete']);
    const answer = sub.events.find((e) => e.event_name === 'fin_replied');
    expect(answer?.event_name === 'fin_replied' && answer.message.body).toContain('<strong>30 days</strong>');
  });

  it('start is conversational: answer, follow-up, awaiting; asking for a human escalates', async () => {
    const start = await rig.call('/fin/start', {
      conversation_id: 'conv',
      message: say('I forgot my password'),
      user,
    });
    const sub = await subscribe(start.body.sse_subscription_url);
    await sub.done;
    expect(eventFlow(sub.events)).toEqual(['fin_replied', 'fin_replied', 'status:awaiting_user_reply']);
    const { sub: next } = await replyAndRead(rig, 'conv', 'Can I talk to a human?', user);
    expect(next.events).toEqual([
      expect.objectContaining({
        event_name: 'fin_status_updated',
        status: 'escalated',
        reason: 'Escalation requested by user',
      }),
      expect.objectContaining({ event_name: 'fin_status_updated', status: 'complete' }),
    ]);
  });

  it('once a human has the conversation, a reply only hands control back with complete', async () => {
    await rig.call('/fin/start', { conversation_id: 'handed', message: say('I need a human'), user });
    await logged('handed', (e) => e.event_name === 'fin_status_updated' && e.status === 'complete');
    const { sub, ended } = await replyAndRead(rig, 'handed', 'Hello?', user);
    expect(ended).toBe('closed');
    expect(eventFlow(sub.events)).toEqual(['status:complete']);
  });

  it('start without follow-up questions answers once and completes', async () => {
    const start = await rig.call('/fin/start', {
      conversation_id: 'nofu',
      message: say('human! where is my invoice?'),
      user,
      settings: { follow_up_questions: false },
    });
    const sub = await subscribe(start.body.sse_subscription_url);
    await sub.done;
    expect(eventFlow(sub.events)).toEqual(['fin_replied', 'status:complete']);
  });

  it('escalate by conversation_id: rewind replays earlier events, then escalated and complete', async () => {
    await rig.call('/fin/ask', { conversation_id: 'esc', message: say('Where are my invoices?'), user });
    await logged('esc', (e) => e.event_name === 'fin_status_updated' && e.status === 'complete');
    const esc = await rig.call('/fin/escalate', { conversation_id: 'esc' });
    const sub = await subscribe(esc.body.sse_subscription_url);
    expect(await sub.done).toBe('closed');
    expect(eventFlow(sub.events)).toEqual([
      'fin_replied',
      'status:complete',
      'status:escalated',
      'status:complete',
    ]);
    expect(sub.events.at(-2)).toMatchObject({ reason: 'Escalation requested by user' });
    await expect401(esc.body.sse_subscription_url);
  });

  it('refuses invalid, foreign-channel, missing and expired tokens; an open stream ends when its token expires', async () => {
    const run = await rig.call(`/fin/procedures/${PROCEDURE_IDS.planUpgrade}/run`, {
      conversation_id: 'ttl',
      user: { id: 't', attributes: { plan_type: 'Pro' } },
    });
    const other = await rig.call(`/fin/procedures/${PROCEDURE_IDS.planUpgrade}/run`, {
      conversation_id: 'ttl-other',
      user: { id: 't' },
    });
    const url = new URL(run.body.sse_subscription_url);
    const token = url.searchParams.get('accessToken')!;
    await expect401(run.body.sse_subscription_url.replace(token, `${token.slice(0, -4)}AAAA`));
    await expect401(run.body.sse_subscription_url.replace(/accessToken=[^&]+/, 'accessToken=not-a-jwt'));
    await expect401(run.body.sse_subscription_url.replace('sim_app:ttl&', 'sim_app:ttl-other&'));
    await expect401(`${rig.url}/event-stream?channels=fin_agent_api:sim_app:ttl`);
    await expect401(other.body.sse_subscription_url.replace(/accessToken=[^&]+/, `accessToken=${token}`));

    const open = await subscribe(run.body.sse_subscription_url);
    await open.waitFor((e) => e.event_name === 'fin_replied');
    await simAdvanceClock(rig.url, 181_000);
    expect(await open.done).toBe('closed');
    await expect401(run.body.sse_subscription_url);
    await expect401(other.body.sse_subscription_url);
  });
});
