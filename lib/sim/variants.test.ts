import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { hitlNotificationSchema, type HitlNotification } from '@/lib/fin';
import { PROCEDURE_IDS, runProcedure, say, simConversation, simRigPerFile, waitFor } from '@/testing/sim';
import { EXTRA_FIELD, UNKNOWN_DATA_TYPE, UNKNOWN_EVENT_NAME } from './variants';

const rig = simRigPerFile({ variants: true });

const user = { id: 'u-variants', name: 'Vera Variant' };
let n = 0;
const cid = () => `variants-${++n}`;

/** Every `data:` of an SSE stream, as sent, until the stream ends. */
async function rawSse(url: string): Promise<string[]> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream' } });
  expect(res.status).toBe(200);
  const data: string[] = [];
  const parser = createParser({ onEvent: (m) => data.push(m.data) });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return data;
    parser.feed(value);
  }
}

/** Fin event webhooks (bare JSON) of one conversation, in arrival order. */
const finHooks = (conversationId: string) =>
  rig.hooks.received
    .map((h) => h.json as Record<string, unknown> | null)
    .filter((j): j is Record<string, unknown> => j?.conversation_id === conversationId && 'event_name' in j);

/** The HITL notification item for a conversation (named by its external id). */
async function notification(conversationId: string): Promise<HitlNotification> {
  // Answers don't carry the Intercom id (documented on /fin/escalate only); the simulator's state does.
  const intercomId = String((await simConversation(rig.url, conversationId)).intercom_conversation_id);
  const w = await rig.hooks.waitFor(
    (h) => h.json?.type === 'notification_event' && h.json.data.item.conversation_id === intercomId,
  );
  return w.json.data.item as HitlNotification;
}

/** Runs the refund procedure up to its HITL step (order number given by /fin/reply). */
async function refundToHitl(id: string) {
  const run = await runProcedure(rig, PROCEDURE_IDS.refund, id, user);
  expect(run.status).toBe(200);
  await waitFor(() =>
    finHooks(id).some((e) => e.event_name === 'fin_status_updated' && e.status === 'awaiting_user_reply'),
  );
  const reply = await rig.call('/fin/reply', { conversation_id: id, message: say('Order #12345'), user });
  expect(reply.status).toBe(200);
  return { run, reply, item: await notification(id) };
}

describe('the realism setting', () => {
  it('is switched at run time through the control API, and off by default elsewhere', async () => {
    expect(await (await fetch(`${rig.url}/_sim/variants`)).json()).toEqual({ enabled: true });
    const off = await fetch(`${rig.url}/_sim/variants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(await off.json()).toEqual({ enabled: false });
    const plain = await rig.call('/fin/ask', { conversation_id: cid(), message: say('password'), user });
    expect(plain.body).not.toHaveProperty(EXTRA_FIELD);
    expect(plain.body.sse_subscription_url).toEqual(expect.any(String));
    await fetch(`${rig.url}/_sim/variants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true }),
    });
    const bad = await fetch(`${rig.url}/_sim/variants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: 'yes' }),
    });
    expect(bad.status).toBe(400);
  });

  it('answers with null optional fields and an extra field', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.refund, cid(), user);
    expect(run.status).toBe(200);
    expect(run.body).toHaveProperty('errors', null);
    expect(run.body).toHaveProperty(EXTRA_FIELD);
    expect(run.body.sse_subscription_url).toEqual(expect.any(String));
  });

  it('answers ask and escalate without an sse_subscription_url: webhooks carry those cycles', async () => {
    const id = cid();
    const ask = await rig.call('/fin/ask', { conversation_id: id, message: say('reset my password'), user });
    expect(ask.status).toBe(200);
    expect(ask.body).not.toHaveProperty('sse_subscription_url');
    await waitFor(() => finHooks(id).some((e) => e.event_name === 'fin_replied'));
    const escalate = await rig.call('/fin/escalate', { conversation_id: id });
    expect(escalate.status).toBe(200);
    expect(escalate.body).not.toHaveProperty('sse_subscription_url');
  });

  it('sends events with null optional fields, an extra field, and an unknown event first', async () => {
    const id = cid();
    await runProcedure(rig, PROCEDURE_IDS.refund, id, user);
    await waitFor(() => finHooks(id).some((e) => e.status === 'awaiting_user_reply'));
    const hooks = finHooks(id);
    expect(hooks[0]?.event_name).toBe(UNKNOWN_EVENT_NAME);
    for (const e of hooks) expect(e).toHaveProperty(EXTRA_FIELD);
    expect(hooks.find((e) => e.status === 'awaiting_user_reply')).toHaveProperty('reason', null);
    expect(hooks.find((e) => e.event_name === 'fin_replied' && e.stream_id === null)).toBeTruthy();
  });

  it('sends every other SSE event in an Ably-style envelope whose data is the event as a string', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.refund, cid(), user);
    const data = await rawSse(run.body.sse_subscription_url as string);
    const parsed = data.map((d) => JSON.parse(d) as Record<string, unknown>);
    const wrapped = parsed.filter((p) => !('event_name' in p));
    expect(wrapped.length).toBeGreaterThan(0);
    expect(parsed.length - wrapped.length).toBeGreaterThan(0);
    for (const w of wrapped) expect(typeof w.data).toBe('string');
    const names = data.map((d) => {
      const p = JSON.parse(d) as { event_name?: string; data?: string };
      return p.event_name ?? (JSON.parse(p.data!) as { event_name: string }).event_name;
    });
    expect(names[0]).toBe(UNKNOWN_EVENT_NAME);
    expect(names.at(-1)).toBe('fin_status_updated');
  });

  it('sends a HITL notification with only its required fields and an attribute of an unknown type', async () => {
    const { item } = await refundToHitl(cid());
    expect(Object.keys(item).sort()).toEqual(
      [
        'attributes_to_collect',
        'callback_url',
        'conversation_id',
        'hitl_question',
        'procedure_name',
        'step_id',
        'type',
      ].sort(),
    );
    expect(hitlNotificationSchema.safeParse(item).success).toBe(true);
    expect(item.attributes_to_collect.map((a) => a.data_type)).toEqual([
      'boolean',
      'list',
      'decimal',
      UNKNOWN_DATA_TYPE,
    ]);
  });

  it('answers collect_agent_input with an empty 200; the unknown attribute is neither required nor refused', async () => {
    const { item } = await refundToHitl(cid());
    const [approve, reason, amount, unknown] = item.attributes_to_collect;
    const known = [
      { identifier: approve!.identifier, value: true },
      { identifier: reason!.identifier, value: reason!.options![0]!.id },
      { identifier: amount!.identifier, value: 12.5 },
    ];
    const path = new URL(item.callback_url).pathname;
    const res = await fetch(`${rig.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rig.appToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ step_id: item.step_id, attribute_values: known }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');

    const other = await refundToHitl(cid());
    const withUnknown = [
      ...other.item.attributes_to_collect
        .slice(0, 3)
        .map((a, i) => ({ identifier: a.identifier, value: known[i]!.value })),
      { identifier: other.item.attributes_to_collect[3]!.identifier, value: 'scan.pdf' },
    ];
    withUnknown[1]!.value = other.item.attributes_to_collect[1]!.options![0]!.id;
    const path2 = new URL(other.item.callback_url).pathname;
    expect(
      (await rig.call(path2, { step_id: other.item.step_id, attribute_values: withUnknown })).status,
    ).toBe(200);
    expect(unknown?.data_type).toBe(UNKNOWN_DATA_TYPE);
  });

  it('starts a reply cycle without waiting for a subscriber', async () => {
    const grace = 250; // the instant pace's subscribeGraceMs
    const id = cid();
    const { reply } = await refundToHitl(id);
    const after = Date.parse(reply.body.created_at_ms as string);
    const events = (await simConversation(rig.url, id)).events as { created_at_ms: string }[];
    const first = events.map((e) => Date.parse(e.created_at_ms)).find((t) => t >= after);
    expect(first).toBeDefined();
    expect(first! - after).toBeLessThan(grace);

    // Without the setting the same cycle waits for a subscriber that never comes.
    await fetch(`${rig.url}/_sim/variants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    try {
      const plain = cid();
      const run = await runProcedure(rig, PROCEDURE_IDS.refund, plain, user);
      expect(run.status).toBe(200);
      await waitFor(() => finHooks(plain).some((e) => e.status === 'awaiting_user_reply'));
      const r = await rig.call('/fin/reply', { conversation_id: plain, message: say('Order #1'), user });
      await notification(plain);
      const at = Date.parse(r.body.created_at_ms as string);
      const logged = (await simConversation(rig.url, plain)).events as { created_at_ms: string }[];
      const next = logged.map((e) => Date.parse(e.created_at_ms)).find((t) => t >= at);
      expect(next! - at).toBeGreaterThanOrEqual(grace - 5);
    } finally {
      await fetch(`${rig.url}/_sim/variants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enabled: true }),
      });
    }
  });
});
