import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { finEventSchema, type FinEvent } from '@/lib/fin';
import { startSimulator } from './server';
import {
  PROCEDURE_IDS,
  runProcedure,
  simConversation,
  simFaults,
  simWebhookLog,
  simRigPerFile,
  startWebhookReceiver,
  subscribe,
  verifyFinSignature,
  verifyHubSignature,
  waitFor,
} from '@/testing/sim';
import { listenLocal } from '@/testing/util';

const rig = simRigPerFile({ webhookRetryMs: 60 });

const user = { id: 'u-hook' };
const finHooks = () => rig.hooks.received.filter((w) => w.json?.event_name);
const label = (e: FinEvent) =>
  e.event_name === 'fin_status_updated'
    ? `status:${e.status}`
    : e.event_name === 'fin_replied'
      ? `replied:${e.message.id}`
      : e.event_name;

async function runOrderStatus(id: string, headers?: Record<string, string>) {
  const run = await rig.call(
    `/fin/procedures/${PROCEDURE_IDS.orderStatus}/run`,
    { conversation_id: id, user },
    headers,
  );
  const sub = await subscribe(run.body.sse_subscription_url);
  await sub.done;
  return sub.events;
}

describe('Fin event webhooks', () => {
  it('post every event but chunks as bare JSON, signed sha256 with the events secret, in order', async () => {
    const events = await runOrderStatus('w-1');
    const expected = events.filter((e) => e.event_name !== 'fin_reply_chunk');
    await waitFor(() => finHooks().length === expected.length);
    const hooks = finHooks();
    expect(hooks.map((w) => label(w.json))).toEqual(expected.map(label));
    for (const w of hooks) {
      expect(finEventSchema.parse(w.json)).toEqual(w.json);
      expect(w.headers['content-type']).toBe('application/json');
      expect(w.headers['x-fin-agent-api-webhook-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifyFinSignature(rig.eventsSecret, w)).toBe(true);
      expect(verifyFinSignature(rig.webhookSecret, w)).toBe(false);
      expect(verifyFinSignature(rig.eventsSecret, { ...w, raw: `${w.raw} ` })).toBe(false);
      expect(w.headers['x-hub-signature']).toBeUndefined();
    }
  });

  it('sign with the client secret when no events secret is set', async () => {
    const hooks = await startWebhookReceiver();
    const sim = await startSimulator({
      port: 0,
      token: 't',
      webhookSecret: 'only-secret',
      webhookUrl: hooks.url,
    });
    try {
      await fetch(`${sim.url}/fin/ask`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({ conversation_id: 'c', message: { author: 'user', body: 'refund?' }, user }),
      });
      const w = await hooks.waitFor((h) => h.json?.status === 'complete');
      expect(verifyFinSignature('only-secret', w)).toBe(true);
    } finally {
      await sim.close();
      await hooks.close();
    }
  });

  it('retry a failed delivery once with the same body, and only once', async () => {
    rig.hooks.failWhen = (w) => (w.json?.event_name === 'fin_replied' ? 500 : undefined);
    await runOrderStatus('w-retry');
    const replied = () => finHooks().filter((w) => w.json.event_name === 'fin_replied');
    const log = await waitFor(async () => {
      const all = await simWebhookLog(rig.url);
      return all.some((d) => d.label === 'fin_replied' && d.attempt === 2) && all;
    });
    expect(log.filter((d) => d.label === 'fin_replied').map((d) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 500],
    ]);
    expect(log.filter((d) => d.label !== 'fin_replied').every((d) => d.ok && d.attempt === 1)).toBe(true);
    expect(replied()).toHaveLength(2);
    expect(replied()[1]?.raw).toBe(replied()[0]?.raw);
  });

  it('a retry that succeeds is delivered after the later events', async () => {
    rig.hooks.respondWith.push(503);
    await runOrderStatus('w-retry-ok');
    await waitFor(() => finHooks().length === 5);
    const labels = finHooks().map((w) => label(w.json));
    expect(labels.slice(1, 4)).toEqual(['status:resolved', 'status:complete', 'csat_requested']);
    expect(labels[4]).toBe(labels[0]);
  });

  it('never hold up the run while a receiver is slow', async () => {
    const slow = createServer(() => undefined);
    const slowUrl = await listenLocal(slow);
    const sim = await startSimulator({
      port: 0,
      token: 't',
      webhookSecret: 's',
      webhookUrl: `${slowUrl}/`,
    });
    try {
      const started = Date.now();
      const res = await fetch(`${sim.url}/fin/procedures/${PROCEDURE_IDS.orderStatus}/run`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: JSON.stringify({ conversation_id: 'slow', user }),
      });
      const sub = await subscribe(
        ((await res.json()) as { sse_subscription_url: string }).sse_subscription_url,
      );
      expect(await sub.done).toBe('closed');
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await sim.close();
      slow.closeAllConnections();
      slow.close();
    }
  });
});

describe('webhook faults', () => {
  it('duplicate_webhooks sends every delivery twice, byte for byte', async () => {
    await simFaults(rig.url, { duplicate_webhooks: true });
    const events = await runOrderStatus('w-dup');
    const expected = events.filter((e) => e.event_name !== 'fin_reply_chunk').length;
    await waitFor(() => finHooks().length === expected * 2);
    const raws = finHooks().map((w) => w.raw);
    for (const raw of new Set(raws)) expect(raws.filter((r) => r === raw)).toHaveLength(2);
    for (const w of finHooks()) expect(verifyFinSignature(rig.eventsSecret, w)).toBe(true);
  });

  it('duplicate_webhooks also works per request through X-Sim-Fault', async () => {
    await runOrderStatus('w-dup-header', { 'X-Sim-Fault': JSON.stringify({ duplicate_webhooks: true }) });
    await waitFor(() => finHooks().filter((w) => w.json.event_name === 'csat_requested').length === 2);
  });

  it('reorder_webhooks delivers a burst backwards', async () => {
    await simFaults(rig.url, { reorder_webhooks: true });
    await runOrderStatus('w-reorder');
    const logged = ((await simConversation(rig.url, 'w-reorder')).events as FinEvent[]).filter(
      (e) => e.event_name !== 'fin_reply_chunk',
    );
    await waitFor(() => finHooks().length === logged.length);
    expect(finHooks().map((w) => label(w.json))).toEqual(logged.map(label).reverse());
  });
});

describe('HITL app webhook', () => {
  it('is signed sha1 with the client secret and sent by the parrot user agent', async () => {
    await runProcedure(rig, PROCEDURE_IDS.planUpgrade, 'w-hitl', user);
    const w = await rig.hooks.waitFor((h) => h.json?.type === 'notification_event');
    expect(w.headers['user-agent']).toBe('intercom-parrot-service-client/1.0');
    expect(w.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
    expect(verifyHubSignature(rig.webhookSecret, w)).toBe(true);
    expect(verifyHubSignature(rig.eventsSecret, w)).toBe(false);
    expect(w.headers['x-fin-agent-api-webhook-signature']).toBeUndefined();
  });

  it('a retried notification keeps its id and counts delivery_attempts', async () => {
    await runProcedure(rig, PROCEDURE_IDS.planUpgrade, 'w-hitl-retry', user);
    // fail the HITL delivery: it is preceded by one Fin event (the intro reply)
    rig.hooks.respondWith.push(200, 500);
    await waitFor(() => rig.hooks.received.filter((h) => h.json?.type === 'notification_event').length === 2);
    const [first, second] = rig.hooks.received.filter((h) => h.json?.type === 'notification_event');
    expect(first?.json.id).toMatch(/^notif_[0-9a-f-]{36}$/);
    expect(second?.json.id).toBe(first?.json.id);
    expect([first?.json.delivery_attempts, second?.json.delivery_attempts]).toEqual([1, 2]);
    expect(second?.json.first_sent_at).toBe(first?.json.first_sent_at);
    expect(verifyHubSignature(rig.webhookSecret, second!)).toBe(true);
  });
});
