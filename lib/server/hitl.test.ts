import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitlStep } from '@/lib/console/types';
import { getStepRow } from './db/hitl-steps';
import { finCall, PROCEDURE_IDS, simClearFaults, simConversation, simFaults } from '@/testing/sim';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as submitRoute from '@/app/api/hitl-steps/[stepId]/submit/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import {
  actingAs,
  getRequest,
  jsonRequest,
  params,
  startHarness,
  APP_TOKEN,
  uid,
  waitFor,
  type Harness,
} from '@/testing/server/harness';

// Used to be reported "not delivered"; the retry then met Fin's 409 and lost Alice's answer.
describe('a HITL answer Fin did not answer in time', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  const SEATS = 'workflow_local_variables.fd8a5778-5cfe-429f-a45e-066ba19fe215';
  const DATE = 'workflow_local_variables.8ccc51f7-14f0-4d28-a691-c80e52ad272c';
  const submit = async (stepId: string, body: { teammate: string; attribute_values: unknown }) =>
    submitRoute.POST(
      jsonRequest(`/api/hitl-steps/${stepId}/submit`, body, {
        as: await actingAs(h, body.teammate, 'agent'),
      }),
      params({ stepId }),
    );

  it('is reported as unknown, and a retry that Fin refuses as already answered records the earlier answer', async () => {
    const id = uid('slow-hitl');
    const run = await runRoute.POST(
      jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.planUpgrade}/run`, {
        conversation_id: id,
        user: { id: 'slow-hitl-user', attributes: { plan_type: 'Pro' } },
      }),
      params({ procedureId: PROCEDURE_IDS.planUpgrade }),
    );
    expect(run.status).toBe(200);
    const step = await waitFor(
      async () =>
        (
          (await (
            await stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), params({}))
          ).json()) as HitlStep[]
        ).find((s) => s.external_conversation_id === id),
      5000,
      'the HITL step',
    );

    // Fin takes longer to answer than the console waits (3 s in the harness).
    await simFaults(h.sim.url, { delay_ms: 3600 });
    const alice = [
      { identifier: SEATS, value: 12 },
      { identifier: DATE, value: '2030-01-01T09:00:00Z' },
    ];
    const first = await submit(step.step_id, { teammate: 'Alice', attribute_values: alice });
    await simClearFaults(h.sim.url);
    expect(first.status).toBe(502);
    const firstBody = (await first.json()) as { errors: { code: string; message: string }[] };
    expect(firstBody.errors[0]).toMatchObject({
      code: 'hitl_not_delivered',
      message: expect.stringContaining('not known'),
    });
    expect(await getStepRow((await h.ctx()).db, step.step_id)).toMatchObject({
      status: 'pending',
      delivery_state: 'unknown',
      delivery_by: 'Alice',
    });
    const intercomId = String((await simConversation(h.sim.url, id)).intercom_conversation_id);
    const late = await finCall(h.sim.url, APP_TOKEN, `/procedures/${intercomId}/collect_agent_input`, {
      step_id: step.step_id,
      attribute_values: alice,
    });
    expect(late.status).toBe(200);

    // Bob tries again (with other values): Fin refuses, and the console records Alice's answer.
    const retry = await submit(step.step_id, {
      teammate: 'Bob',
      attribute_values: [
        { identifier: SEATS, value: 60 },
        { identifier: DATE, value: '2031-01-01T09:00:00Z' },
      ],
    });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({
      status: 'submitted',
      answered_by: 'Alice',
      attribute_values: alice,
      outcome: expect.stringMatching(/^submitted/),
    });
    expect((await simConversation(h.sim.url, id)).values).toMatchObject({ seats: 12 });
    expect(await getStepRow((await h.ctx()).db, step.step_id)).toMatchObject({
      delivery_state: 'delivered',
      delivery_by: 'Bob',
    });
  });
});
