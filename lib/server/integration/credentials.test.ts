/** Both credentials end to end: the Fin key on `/fin/*`, the app token on the HITL callback, and what a refused app token does. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/console/connection';
import type { HitlStep } from '@/lib/console/types';
import { finCall, PROCEDURE_IDS } from '@/testing/sim';
import * as checkRoute from '@/app/api/connection/check/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as stepRoute from '@/app/api/hitl-steps/[stepId]/route';
import * as submitRoute from '@/app/api/hitl-steps/[stepId]/submit/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import {
  actingAs,
  APP_TOKEN,
  getRequest,
  jsonRequest,
  params,
  startHarness,
  TOKEN,
  uid,
  waitFor,
  type Harness,
} from '@/testing/server/harness';

const user = { id: 'cred-user' };
const VERIFIED = 'workflow_local_variables.ec3f367f-c7f2-4b17-8852-d13a8b0e3113';
const NOTES = 'workflow_local_variables.5849b803-b5b0-426d-b5c6-d501bac0b6a4';
const values = [
  { identifier: VERIFIED, value: true },
  { identifier: NOTES, value: 'Checked photo ID' },
];

async function json<T>(res: Response | Promise<Response>): Promise<[number, T]> {
  const r = await res;
  return [r.status, (await r.json()) as T];
}

async function runToHitl(): Promise<HitlStep> {
  const id = uid('cred');
  const res = await runRoute.POST(
    jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.accountDeletion}/run`, { conversation_id: id, user }),
    params({ procedureId: PROCEDURE_IDS.accountDeletion }),
  );
  expect(res.status).toBe(200);
  return waitFor(
    async () => {
      const [, steps] = await json<HitlStep[]>(
        stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), params({})),
      );
      return steps.find((s) => s.external_conversation_id === id);
    },
    5000,
    'the HITL step',
  );
}

const submit = async (h: Harness, stepId: string) =>
  json<HitlStep & { errors?: { code: string; message: string }[] }>(
    submitRoute.POST(
      jsonRequest(
        `/api/hitl-steps/${stepId}/submit`,
        { attribute_values: values },
        { as: await actingAs(h, 'Alice', 'agent') },
      ),
      params({ stepId }),
    ),
  );

const simOAuth = async (h: Harness) =>
  (await (await fetch(`${h.sim.url}/_sim/oauth`)).json()) as {
    configured_token_calls: number;
    app_token_calls: number;
    last_bearer: { kind: string; hint: string } | null;
  };

describe('two credentials', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ webhooks: true });
  });
  afterAll(() => h?.close());

  it('the simulator refuses the Fin key on collect_agent_input with 401, as Intercom documents', async () => {
    const step = await runToHitl();
    const path = `/procedures/${step.conversation_id}/collect_agent_input`;
    const refused = await finCall(h.sim.url, TOKEN, path, {
      step_id: step.step_id,
      attribute_values: values,
    });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({
      type: 'error.list',
      errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
    });
  });

  it('the console runs with the Fin key and answers the HITL step with the app token', async () => {
    const before = await simOAuth(h);
    const step = await runToHitl();
    const afterRun = await simOAuth(h);
    expect(afterRun.configured_token_calls).toBeGreaterThan(before.configured_token_calls);
    expect(afterRun.app_token_calls).toBe(before.app_token_calls);

    const [status, done] = await submit(h, step.step_id);
    expect([status, done.status]).toEqual([200, 'submitted']);
    const afterAnswer = await simOAuth(h);
    expect(afterAnswer.app_token_calls).toBe(before.app_token_calls + 1);
    expect(afterAnswer.last_bearer).toMatchObject({ kind: 'app', hint: APP_TOKEN.slice(-4) });
  });
});

describe('an app token Intercom refuses', () => {
  let h: Harness;
  // The Fin key given as INTERCOM_ACCESS_TOKEN: it runs procedures but may not answer HITL steps.
  beforeAll(async () => {
    h = await startHarness({ consoleAppToken: TOKEN });
  });
  afterAll(() => h?.close());

  it('Settings checks each credential where it is used: the Fin key passes, the app token is refused', async () => {
    const res = await checkRoute.POST(
      jsonRequest('/api/connection/check', {}, { as: await actingAs(h, 'Dana Lead', 'lead') }),
      params({}),
    );
    const c = (await res.json()) as Connection;
    expect(c.fin_key).toMatchObject({ origin: 'FIN_AGENT_API_KEY', ok: true, error: null });
    expect(c).toMatchObject({ token_ok: false, token_error: expect.stringContaining('401') as unknown });
    expect(c.token_error).toContain('GET /me');
  });

  it('leaves the step pending, says which credential to check, and takes the answer again', async () => {
    const step = await runToHitl();
    const [status, body] = await submit(h, step.step_id);
    expect(status).toBe(401);
    expect(body.errors?.[0]).toMatchObject({ code: 'hitl_unauthorized' });
    expect(body.errors?.[0]?.message).toContain('Access Token Invalid');
    expect(body.errors?.[0]?.message).toContain('Check INTERCOM_ACCESS_TOKEN');

    const [, after] = await json<HitlStep>(
      stepRoute.GET(getRequest(`/api/hitl-steps/${step.step_id}`), params({ stepId: step.step_id })),
    );
    expect(after).toMatchObject({
      status: 'pending',
      outcome: 'refused (401): Access Token Invalid; check INTERCOM_ACCESS_TOKEN',
    });
    // Still answerable: a second attempt reaches Intercom again instead of being refused as closed.
    const [again] = await submit(h, step.step_id);
    expect(again).toBe(401);
  });
});
