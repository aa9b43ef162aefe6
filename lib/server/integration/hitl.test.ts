/**
 * HITL end to end: the simulator's signed webhook creates the step, teammates claim and answer
 * it through the routes, the callback reaches the simulator once, and the run continues.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '@/lib/fin';
import type { ConversationDetail, HitlStep } from '@/lib/console/types';
import {
  finCall,
  PROCEDURE_IDS,
  simAdvanceClock,
  simClearFaults,
  simConversation,
  simFaults,
} from '@/lib/sim/testing';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as claimRoute from '@/app/api/hitl-steps/[stepId]/claim/route';
import * as stepRoute from '@/app/api/hitl-steps/[stepId]/route';
import * as submitRoute from '@/app/api/hitl-steps/[stepId]/submit/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import * as stepsStreamRoute from '@/app/api/hitl-steps/stream/route';
import * as webhookRoute from '@/app/api/webhooks/intercom/route';
import { listApiCalls, listAudit } from '../db/records';
import {
  actingAs,
  APP_TOKEN,
  CLIENT_SECRET,
  getRequest,
  jsonRequest,
  params,
  readSse,
  startHarness,
  uid,
  waitFor,
  type Harness,
} from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
beforeEach(() => simClearFaults(h.sim.url));

const user = { id: 'hitl-user', attributes: { plan_type: 'Pro' } };
const VERIFIED = 'workflow_local_variables.ec3f367f-c7f2-4b17-8852-d13a8b0e3113';
const NOTES = 'workflow_local_variables.5849b803-b5b0-426d-b5c6-d501bac0b6a4';
const goodValues = [
  { identifier: VERIFIED, value: true },
  { identifier: NOTES, value: 'Checked photo ID' },
];
const noParams = params({});

async function json<T>(res: Response | Promise<Response>): Promise<[number, T]> {
  const r = await res;
  return [r.status, (await r.json()) as T];
}

/** Starts an account deletion run through the console and waits for its HITL step. */
async function runToHitl(): Promise<{ id: string; step: HitlStep }> {
  const id = uid('del');
  const res = await runRoute.POST(
    jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.accountDeletion}/run`, { conversation_id: id, user }),
    params({ procedureId: PROCEDURE_IDS.accountDeletion }),
  );
  expect(res.status).toBe(200);
  const step = await waitFor(
    async () => {
      const [, steps] = await json<HitlStep[]>(
        stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), noParams),
      );
      return steps.find((s) => s.external_conversation_id === id);
    },
    5000,
    'the HITL step',
  );
  return { id, step };
}

/** Answers as the teammate the body names (signed in with their API token); no name, no credentials. */
const submit = async (stepId: string, body: { teammate?: string; attribute_values: unknown }) =>
  submitRoute.POST(
    jsonRequest(`/api/hitl-steps/${stepId}/submit`, body, {
      as: body.teammate ? await actingAs(h, body.teammate, 'agent') : null,
    }),
    params({ stepId }),
  );
const claim = async (stepId: string, teammate: string) =>
  claimRoute.POST(
    jsonRequest(`/api/hitl-steps/${stepId}/claim`, {}, { as: await actingAs(h, teammate, 'agent') }),
    params({ stepId }),
  );
const release = async (stepId: string, teammate: string | null) =>
  claimRoute.DELETE(
    getRequest(`/api/hitl-steps/${stepId}/claim`, {
      method: 'DELETE',
      as: teammate ? await actingAs(h, teammate, 'agent') : null,
    }),
    params({ stepId }),
  );
const detail = async (id: string) =>
  (
    await json<ConversationDetail>(
      conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id })),
    )
  )[1];
const callbacks = async (id: string) =>
  (await listApiCalls((await h.ctx()).db, id)).filter((c) => c.url.endsWith('/collect_agent_input'));

describe('HITL steps', () => {
  it('round trip: webhook → pending step on the conversation → claim → validated submit → run continues', async () => {
    const inbox = readSse(await stepsStreamRoute.GET(getRequest('/api/hitl-steps/stream'), noParams));
    const { id, step } = await runToHitl();
    expect(step).toMatchObject({
      status: 'pending',
      procedure_name: 'Account deletion',
      hitl_question: "Has the customer's identity been verified for account deletion?",
      priority: 'priority',
      assign_to: { type: 'admin', id: '991201', name: 'Alex Morgan' },
      claimed_by: null,
      answered_by: null,
    });
    expect(step.attributes.map((a) => a.data_type)).toEqual(['boolean', 'string']);
    expect(step.expires_at).toBeGreaterThan(Date.now() / 1000);
    const note = await waitFor(
      async () => (await detail(id)).events.find((e) => e.event.event_name === 'console_hitl_pending'),
      2000,
      'the pending note',
    );
    expect(note.event).toMatchObject({ step_id: step.step_id });
    await waitFor(
      () =>
        inbox.messages.some(
          (m) => m.event === 'created' && (JSON.parse(m.data) as HitlStep).step_id === step.step_id,
        ),
      2000,
      'created on the inbox stream',
    );

    const [, one] = await json<HitlStep>(
      stepRoute.GET(getRequest(`/api/hitl-steps/${step.step_id}`), params({ stepId: step.step_id })),
    );
    expect(one.step_id).toBe(step.step_id);
    expect((await stepRoute.GET(getRequest('/api/hitl-steps/nope'), params({ stepId: 'nope' }))).status).toBe(
      404,
    );

    const [claimStatus, claimed] = await json<HitlStep>(claim(step.step_id, 'Alice'));
    expect(claimStatus).toBe(200);
    expect(claimed.claimed_by).toBe('Alice');
    expect(Date.parse(claimed.claim_expires_at!) - Date.now()).toBeGreaterThan(4.5 * 60_000);
    const [bobStatus, bob] = await json<{ errors: { code: string; message: string }[] }>(
      claim(step.step_id, 'Bob'),
    );
    expect([bobStatus, bob.errors[0]?.code]).toEqual([409, 'hitl_claimed']);
    expect(bob.errors[0]?.message).toContain('Claimed by Alice');
    const [bobSubmit] = await json(submit(step.step_id, { teammate: 'Bob', attribute_values: goodValues }));
    expect(bobSubmit).toBe(409);

    const [badStatus, bad] = await json<{ errors: { field: string; message: string }[] }>(
      submit(step.step_id, { teammate: 'Alice', attribute_values: [{ identifier: VERIFIED, value: 'yes' }] }),
    );
    expect(badStatus).toBe(400);
    expect(bad.errors).toEqual([
      {
        code: 'parameter_invalid',
        field: `attribute_values.${VERIFIED}`,
        message: 'Identity verified must be true or false',
      },
      {
        code: 'parameter_invalid',
        field: `attribute_values.${NOTES}`,
        message: 'How was it verified? is required',
      },
    ]);
    const [noName] = await json(submit(step.step_id, { attribute_values: goodValues }));
    expect(noName).toBe(401);
    expect(await callbacks(id)).toHaveLength(0);

    const [okStatus, answered] = await json<HitlStep>(
      submit(step.step_id, {
        teammate: 'Alice',
        attribute_values: [
          { identifier: NOTES, value: 'Checked photo ID' },
          { identifier: VERIFIED, value: 'true' },
        ],
      }),
    );
    expect(okStatus).toBe(200);
    expect(answered).toMatchObject({
      status: 'submitted',
      answered_by: 'Alice',
      outcome: 'submitted',
      attribute_values: goodValues,
    });
    const calls = await callbacks(id);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.request_body).toEqual({ step_id: step.step_id, attribute_values: goodValues });
    expect(calls[0]?.url).toBe(`${h.sim.url}/procedures/${step.conversation_id}/collect_agent_input`);

    await waitFor(
      async () => (await detail(id)).conversation.status === 'complete',
      5000,
      'the run to finish',
    );
    const events = (await detail(id)).events;
    expect(events.find((e) => e.event.event_name === 'console_hitl_answered')?.event).toMatchObject({
      step_id: step.step_id,
      answered_by: 'Alice',
    });
    expect(
      events.some(
        (e) =>
          e.event.event_name === 'fin_replied' && e.event.message.body.includes('scheduled for deletion'),
      ),
    ).toBe(true);
    const sim = await simConversation(h.sim.url, id);
    expect(sim.hitl).toEqual([expect.objectContaining({ step_id: step.step_id, state: 'fulfilled' })]);

    const [answeredList] = [
      (await json<HitlStep[]>(stepsRoute.GET(getRequest('/api/hitl-steps?status=answered'), noParams)))[1],
    ];
    expect(answeredList.map((s) => s.step_id)).toContain(step.step_id);
    const [again, againBody] = await json<{ errors: { message: string }[] }>(
      submit(step.step_id, { teammate: 'Alice', attribute_values: goodValues }),
    );
    expect([again, againBody.errors[0]?.message]).toEqual([409, 'Already answered by Alice']);

    const audit = await listAudit((await h.ctx()).db, step.step_id);
    expect(audit.map((a) => `${a.actor}:${a.action}`).reverse()).toEqual([
      'Alice:hitl.claim',
      'Alice:hitl.submit',
    ]);
    const updates = inbox.messages
      .filter((m) => m.event === 'updated' && (JSON.parse(m.data) as HitlStep).step_id === step.step_id)
      .map((m) => (JSON.parse(m.data) as HitlStep).status);
    expect(updates).toEqual(['pending', 'submitting', 'submitted']);
    await inbox.close();
    await waitFor(
      async () => (await h.ctx()).hub.fanout.subscriberCount() === 0,
      1000,
      'the inbox stream to unsubscribe',
    );
  });

  it('a double click and a second teammate produce exactly one callback', async () => {
    const { id, step } = await runToHitl();
    const results = await Promise.all(
      ['Alice', 'Alice', 'Bob', 'Carol', 'Dan'].map((t) =>
        submit(step.step_id, { teammate: t, attribute_values: goodValues }).then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(4);
    expect(await callbacks(id)).toHaveLength(1);
    const sim = await simConversation(h.sim.url, id);
    expect(sim.hitl).toEqual([expect.objectContaining({ state: 'fulfilled' })]);
  });

  it('claims: release by the holder, and an expired claim no longer blocks anyone', async () => {
    const { step } = await runToHitl();
    await claim(step.step_id, 'Alice');
    const [relBob] = await json(release(step.step_id, 'Bob'));
    expect(relBob).toBe(409);
    const [rel, released] = await json<HitlStep>(release(step.step_id, 'Alice'));
    expect([rel, released.claimed_by]).toEqual([200, null]);
    const [noName] = await json(
      claimRoute.POST(
        getRequest(`/api/hitl-steps/${step.step_id}/claim`, { method: 'POST', as: null }),
        params({ stepId: step.step_id }),
      ),
    );
    expect(noName).toBe(401);

    await claim(step.step_id, 'Alice');
    // Five minutes pass.
    await (
      await h.ctx()
    ).db.query("UPDATE hitl_steps SET claim_expires_at = now() - interval '1 second' WHERE step_id = $1", [
      step.step_id,
    ]);
    const [, seen] = await json<HitlStep>(
      stepRoute.GET(getRequest(`/api/hitl-steps/${step.step_id}`), params({ stepId: step.step_id })),
    );
    expect(seen.claimed_by).toBeNull();
    const [bobStatus, bob] = await json<HitlStep>(claim(step.step_id, 'Bob'));
    expect([bobStatus, bob.claimed_by]).toEqual([200, 'Bob']);
  });

  it('answered elsewhere first (409 from Fin) → recorded as submitted elsewhere', async () => {
    const { step } = await runToHitl();
    const direct = await finCall(
      h.sim.url,
      APP_TOKEN,
      `/procedures/${step.conversation_id}/collect_agent_input`,
      { step_id: step.step_id, attribute_values: goodValues },
    );
    expect(direct.status).toBe(200);
    const [status, body] = await json<{ errors: { code: string; message: string }[] }>(
      submit(step.step_id, { teammate: 'Alice', attribute_values: goodValues }),
    );
    expect([status, body.errors[0]?.code]).toEqual([409, 'hitl_answered_elsewhere']);
    const [, after] = await json<HitlStep>(
      stepRoute.GET(getRequest(`/api/hitl-steps/${step.step_id}`), params({ stepId: step.step_id })),
    );
    expect(after).toMatchObject({
      status: 'submitted',
      answered_by: null,
      outcome: `answered elsewhere: ${MESSAGES.hitlFulfilled}`,
    });
  });

  it('expired at Fin (404) → failed with the Fin message; expired locally → 410 without a callback', async () => {
    const { id, step } = await runToHitl();
    await simAdvanceClock(h.sim.url, 901_000);
    const [status, body] = await json<{ errors: { code: string; message: string }[] }>(
      submit(step.step_id, { teammate: 'Alice', attribute_values: goodValues }),
    );
    expect([status, body.errors[0]?.code]).toEqual([410, 'hitl_expired']);
    expect(body.errors[0]?.message).toContain(MESSAGES.hitlExpired);
    const [, after] = await json<HitlStep>(
      stepRoute.GET(getRequest(`/api/hitl-steps/${step.step_id}`), params({ stepId: step.step_id })),
    );
    expect(after).toMatchObject({ status: 'failed', outcome: `expired or gone: ${MESSAGES.hitlExpired}` });
    expect(await callbacks(id)).toHaveLength(1);

    const stepId = uid('old-step');
    const raw = JSON.stringify({
      type: 'notification_event',
      topic: 'procedure.hitl_notification.created',
      id: `notif_${stepId}`,
      created_at: 1700000000,
      data: {
        item: {
          type: 'procedure.hitl_notification',
          conversation_id: '424242',
          step_id: stepId,
          procedure_name: 'Refund',
          hitl_question: 'Approve?',
          attributes_to_collect: [
            { identifier: 'workflow_local_variables.x', name: 'X', label: 'X', data_type: 'boolean' },
          ],
          callback_url: `${h.sim.url}/procedures/424242/collect_agent_input`,
          expires_at: Math.floor(Date.now() / 1000) - 60,
        },
      },
    });
    const hook = await webhookRoute.POST(
      new Request('http://console.test/api/webhooks/intercom', {
        method: 'POST',
        body: raw,
        headers: { 'X-Hub-Signature': `sha1=${createHmac('sha1', CLIENT_SECRET).update(raw).digest('hex')}` },
      }),
      noParams,
    );
    expect(hook.status).toBe(200);
    const [old, oldBody] = await json<{ errors: { message: string }[] }>(
      submit(stepId, {
        teammate: 'Alice',
        attribute_values: [{ identifier: 'workflow_local_variables.x', value: true }],
      }),
    );
    expect(old).toBe(410);
    expect(oldBody.errors[0]?.message).toMatch(/expired at .* and can no longer be answered/);
    const all = await listApiCalls((await h.ctx()).db);
    expect(all.some((c) => c.url.includes('/procedures/424242/'))).toBe(false);
  });

  it('Fin unreachable → back to pending, nothing lost, and a retry succeeds; 403 → still pending, the credential named', async () => {
    const { id, step } = await runToHitl();
    await simFaults(h.sim.url, { fail: { status: 503, count: 1, path: '/procedures/' } });
    const [status, body] = await json<{ errors: { code: string; message: string }[] }>(
      submit(step.step_id, { teammate: 'Alice', attribute_values: goodValues }),
    );
    expect([status, body.errors[0]?.code]).toEqual([502, 'hitl_not_delivered']);
    expect(body.errors[0]?.message).toContain('Nothing was lost');
    const [, pending] = await json<HitlStep>(
      stepRoute.GET(getRequest(`/api/hitl-steps/${step.step_id}`), params({ stepId: step.step_id })),
    );
    expect(pending.status).toBe('pending');
    const [retry, done] = await json<HitlStep>(
      submit(step.step_id, { teammate: 'Alice', attribute_values: goodValues }),
    );
    expect([retry, done.status]).toEqual([200, 'submitted']);
    expect((await callbacks(id)).map((c) => c.status)).toEqual([200, 503]);

    const second = await runToHitl();
    await simFaults(h.sim.url, { hitl_forbidden: true });
    const [forbidden, fb] = await json<{ errors: { code: string; message: string }[] }>(
      submit(second.step.step_id, { teammate: 'Alice', attribute_values: goodValues }),
    );
    expect(forbidden).toBe(403);
    expect(fb.errors[0]?.message).toContain(`Fin refused the answer: ${MESSAGES.hitlForbidden}`);
    expect(fb.errors[0]?.message).toContain('INTERCOM_ACCESS_TOKEN');
    // A refusal of the credential leaves the step open: once it is fixed, the answer goes through.
    const [, refused] = await json<HitlStep>(
      stepRoute.GET(
        getRequest(`/api/hitl-steps/${second.step.step_id}`),
        params({ stepId: second.step.step_id }),
      ),
    );
    expect(refused).toMatchObject({
      status: 'pending',
      outcome: `refused (403): ${MESSAGES.hitlForbidden}; check INTERCOM_ACCESS_TOKEN`,
    });
    await simClearFaults(h.sim.url);
    const [fixed, answered] = await json<HitlStep>(
      submit(second.step.step_id, { teammate: 'Alice', attribute_values: goodValues }),
    );
    expect([fixed, answered.status]).toEqual([200, 'submitted']);
  });
});
