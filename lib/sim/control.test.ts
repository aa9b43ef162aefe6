import { describe, expect, it } from 'vitest';
import { errorListSchema, MESSAGES } from '@/lib/fin';
import {
  PROCEDURE_IDS,
  runProcedure,
  PROCEDURES,
  simAdvanceClock,
  simClearFaults,
  simFaultHeader,
  simFaults,
  simReset,
  simRigPerFile,
  subscribe,
} from '@/testing/sim';

const rig = simRigPerFile({ webhookUrl: undefined });

const user = { id: 'u-ctl' };
const message = { author: 'user', body: 'Where are my invoices?' };
const ask = (id: string, headers?: Record<string, string>) =>
  rig.call('/fin/ask', { conversation_id: id, message, user }, headers);
const json = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${rig.url}${path}`, init);

  return { status: res.status, body: await res.json() };
};

describe('control plane', () => {
  it('health, procedures and clock need no auth', async () => {
    expect(await json('/_sim/health')).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', version: 'Preview', pace: 'instant' }),
    });
    const { body } = await json('/_sim/procedures');
    expect(body.procedures.map((p: { id: string }) => p.id)).toEqual(PROCEDURES.map((p) => p.id));
    const before = (await json('/_sim/clock')).body.now_ms as number;
    const advanced = (await simAdvanceClock(rig.url, 3_600_000)) as { now_ms: number };
    expect(advanced.now_ms - before).toBeGreaterThanOrEqual(3_600_000);
    expect(advanced.now_ms - before).toBeLessThan(3_700_000);
    const res = await ask('clocked');
    expect(Date.parse(res.body.created_at_ms) - Date.now()).toBeGreaterThan(3_500_000);
  });

  it('rejects malformed control bodies', async () => {
    const post = (path: string, body: unknown) =>
      json(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/_sim/clock', { advance_ms: -5 })).status).toBe(400);
    expect((await post('/_sim/faults', { explode: true })).status).toBe(400);
    expect((await post('/_sim/faults', { fail: { status: 200 } })).status).toBe(400);
    expect((await json('/_sim/nope')).status).toBe(404);
  });

  it('reset forgets conversations, faults and the clock offset, and ends open streams', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.planUpgrade, 'r', user);
    const sub = await subscribe(run.body.sse_subscription_url);
    await sub.waitFor((e) => e.event_name === 'fin_replied');
    await simFaults(rig.url, { no_fin_profile: true });
    await simReset(rig.url);
    expect(await sub.done).toBe('dropped');
    await simAdvanceClock(rig.url, 86_400_000);
    await simReset(rig.url);
    expect((await json('/_sim/faults')).body).toEqual({ faults: {} });
    expect(Math.abs((await json('/_sim/clock')).body.now_ms - Date.now())).toBeLessThan(5_000);
    const reply = await rig.call('/fin/reply', { conversation_id: 'r', message, user });
    expect(errorListSchema.parse(reply.body).errors[0]?.message).toBe(MESSAGES.conversationNotFound);
  });

  it('seeds a Starter, a Pro and a VIP end user, each with its own catalogue, and seeds them again on reset', async () => {
    const seeded = (await json('/_sim/users/seeded')).body.users as Array<{ id: string; name: string }>;
    expect(seeded.map((u) => u.name)).toEqual(['Omar Haddad', 'Priya Raman', 'Sofia Almeida']);
    const catalogue = async (id: string) => {
      const res = await rig.call('/fin/capabilities', { user: { id } });
      return (res.body.capabilities as Array<{ type: string; name?: string }>)
        .filter((c) => c.type === 'procedure')
        .map((c) => c.name);
    };
    const [starter, pro, vip] = await Promise.all(seeded.map((u) => catalogue(u.id)));
    expect(starter).toContain('Plan upgrade');
    expect(starter).not.toContain('Billing dispute');
    expect(pro).toEqual(expect.arrayContaining(['Plan upgrade', 'Billing dispute']));
    expect(pro).not.toContain('Priority callback');
    expect(vip).toEqual(expect.arrayContaining(['Billing dispute', 'Priority callback']));
    expect(vip).not.toContain('Plan upgrade');

    // An upsert changes the stored user, not the seed; a reset brings the seeded one back.
    await rig.call('/fin/capabilities', { user: { id: 'demo-omar', attributes: { plan_type: 'Pro' } } });
    await simReset(rig.url);
    const listed = (await json('/_sim/users')).body.users as Array<{ id: string }>;
    expect(listed).toEqual(seeded);
  });
});

describe('faults', () => {
  it('fail answers the given status count times on matching paths only', async () => {
    await simFaults(rig.url, { fail: { status: 503, count: 2, path: '/fin/ask' } });
    expect((await rig.call('/fin/capabilities', { user })).status).toBe(200);
    for (const id of ['f1', 'f2']) {
      const res = await ask(id);
      expect(res.status).toBe(503);
      expect(errorListSchema.parse(res.body).errors[0]?.code).toBe('service_unavailable');
    }
    expect((await ask('f3')).status).toBe(200);
    expect((await json('/_sim/faults')).body).toEqual({ faults: {} });
  });

  it('faults can also be set for one request with X-Sim-Fault', async () => {
    const res = await ask('h1', simFaultHeader({ fail: { status: 500 } }));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ type: 'error.list', errors: [{ code: 'server_error' }] });
    expect((await ask('h1')).status).toBe(200);
    const bad = await ask('h2', { 'X-Sim-Fault': '{nope' });
    expect(errorListSchema.parse(bad.body).errors[0]?.message).toBe('X-Sim-Fault header is not valid JSON');
  });

  it('delay_ms holds answers', async () => {
    const started = Date.now();
    expect((await ask('d1', simFaultHeader({ delay_ms: 120 }))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    await simFaults(rig.url, { delay_ms: 80 });
    const again = Date.now();
    await ask('d2');
    expect(Date.now() - again).toBeGreaterThanOrEqual(75);
  });

  it('drop_stream_after ends streams abruptly after n events', async () => {
    await simFaults(rig.url, { drop_stream_after: 2 });
    const run = await runProcedure(rig, PROCEDURE_IDS.resetPassword, 'drop', user);
    const sub = await subscribe(run.body.sse_subscription_url);
    expect(await sub.done).toBe('dropped');
    expect(sub.events).toHaveLength(2);
    await simClearFaults(rig.url);
    // The token was not revoked by a drop: reconnecting with rewind gets the whole cycle.
    const again = await subscribe(run.body.sse_subscription_url);
    expect(await again.done).toBe('closed');
    expect(again.events.at(-1)).toMatchObject({ status: 'awaiting_user_reply' });

    const header = await runProcedure(rig, PROCEDURE_IDS.resetPassword, 'drop-2', user);
    const one = await subscribe(header.body.sse_subscription_url, simFaultHeader({ drop_stream_after: 1 }));
    expect(await one.done).toBe('dropped');
    expect(one.events).toHaveLength(1);
  });

  it('no_fin_profile refuses runs', async () => {
    const body = { conversation_id: 'np', user };
    const path = `/fin/procedures/${PROCEDURE_IDS.refund}/run`;
    expect(
      errorListSchema.parse((await rig.call(path, body, simFaultHeader({ no_fin_profile: true }))).body)
        .errors,
    ).toEqual([{ code: 'parameter_invalid', message: MESSAGES.noFinProfile }]);
    await simFaults(rig.url, { no_fin_profile: true });
    expect((await rig.call(path, body)).status).toBe(400);
    await simClearFaults(rig.url);
    expect((await rig.call(path, body)).status).toBe(200);
  });

  it('hitl_forbidden answers 403 on the callback', async () => {
    await simFaults(rig.url, { hitl_forbidden: true });
    const res = await rig.call('/procedures/1/collect_agent_input', { step_id: 'x', attribute_values: [] });
    expect(res.status).toBe(403);
    expect(errorListSchema.parse(res.body).errors).toEqual([
      { code: 'forbidden', message: MESSAGES.hitlForbidden },
    ]);
  });
});
