/** What-if forks end to end: a refund run on the real simulator, forked at its HITL step with the other answer. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ErrorList } from '@/lib/fin';
import type { ForkList, ForkStarted } from '@/lib/console/forks';
import type { ScenarioRun } from '@/lib/console/scenarios';
import type { ConversationDetail, HitlStep } from '@/lib/console/types';
import * as suitesRoute from '@/app/api/scenarios/suites/route';
import * as suiteRunsRoute from '@/app/api/scenarios/suites/[id]/runs/route';
import * as runRoute from '@/app/api/scenarios/runs/[id]/route';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as stepRoute from '@/app/api/hitl-steps/[stepId]/route';
import * as forksRoute from '@/app/api/conversations/[id]/forks/route';
import { settleForks } from '../forks';
import { settleRuns } from '../scenarios';
import {
  actingAs,
  getRequest,
  harnessPerFile,
  jsonRequest,
  params,
  type Harness,
} from '@/testing/server/harness';

async function json<T>(res: Response | Promise<Response>): Promise<[number, T]> {
  const r = await res;
  return [r.status, (await r.json()) as T];
}

const fork = (id: string, body: unknown, as?: Parameters<typeof jsonRequest>[2]) =>
  json<ForkStarted & ErrorList>(
    forksRoute.POST(jsonRequest(`/api/conversations/${id}/forks`, body, as), params({ id })),
  );

const detailOf = async (id: string) =>
  (
    await json<ConversationDetail>(
      conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id })),
    )
  )[1];

/** A declined refund, run through the console as a scenario: its conversation and HITL step. */
async function declinedRefund(): Promise<{ id: string; step: HitlStep }> {
  const body = stringify({
    name: `Fork source ${Math.random()}`,
    scenarios: [
      {
        name: 'Declined',
        procedure_id: '41001',
        message: 'Refund please',
        replies: ['B-77'],
        hitl: { 'Approve Refund': false, 'Refund Reason': 'Changed mind', 'Refund Amount': 12 },
        expect: [{ escalated: true }],
      },
    ],
  });
  const [, suite] = await json<{ id: string }>(
    suitesRoute.POST(jsonRequest('/api/scenarios/suites', { body }), params({})),
  );
  const [, started] = await json<{ id: string }>(
    suiteRunsRoute.POST(jsonRequest(`/api/scenarios/suites/${suite.id}/runs`, {}), params({ id: suite.id })),
  );
  await settleRuns();
  const [, run] = await json<ScenarioRun>(
    runRoute.GET(getRequest(`/api/scenarios/runs/${started.id}`), params({ id: started.id })),
  );
  expect(run.status).toBe('passed');
  const id = run.results[0]!.conversation_id!;
  const stepId = (await detailOf(id)).events.flatMap((e) =>
    e.event.event_name === 'console_hitl_pending' ? [e.event.step_id] : [],
  )[0]!;
  const [, step] = await json<HitlStep>(
    stepRoute.GET(getRequest(`/api/hitl-steps/${stepId}`), params({ stepId })),
  );
  return { id, step };
}

const finSaid = (d: ConversationDetail) =>
  d.events.flatMap((e) => (e.event.event_name === 'fin_replied' ? [e.event.message.body] : []));

function answers(step: HitlStep, approve: boolean) {
  return step.attributes.map((a) => ({
    identifier: a.identifier,
    value:
      a.name === 'Approve Refund' ? approve : a.name === 'Refund Amount' ? 12 : (a.options?.[0]?.id ?? 'x'),
  }));
}

describe('what-if forks on the simulator', () => {
  const h: Harness = harnessPerFile({ demoAccounts: true });

  it('replays a declined refund approved: the same up to the step, resolved after it', async () => {
    const { id, step } = await declinedRefund();
    const [status, started] = await fork(id, { step_id: step.step_id, values: answers(step, true) });
    expect(status).toBe(201);
    expect(started.conversation_id).toMatch(/^scn-fork-/);
    await settleForks();

    const [source, forked] = [await detailOf(id), await detailOf(started.conversation_id)];
    const said = [finSaid(source), finSaid(forked)];
    expect(said[1]!.slice(0, 2)).toEqual(said[0]!.slice(0, 2));
    expect(said[0]!.at(-1)).toMatch(/weren't able to approve this refund/);
    expect(said[1]!.at(-1)).toMatch(
      /refund of <strong>\$12\.00<\/strong> \(Defective product\) has been approved/,
    );
    expect(forked.conversation.status).not.toBe('escalated');

    const [, list] = await json<ForkList>(
      forksRoute.GET(getRequest(`/api/conversations/${id}/forks`), params({ id })),
    );
    expect(list.available).toBe(true);
    expect(list.forks).toEqual([
      expect.objectContaining({
        conversation_id: started.conversation_id,
        source_id: id,
        step_id: step.step_id,
        status: 'finished',
        reason: null,
        values: expect.arrayContaining([{ identifier: expect.any(String), value: true }]),
      }),
    ]);
  }, 60_000);

  it('refuses values the step would refuse, a step of another run, and anyone below lead', async () => {
    const { id, step } = await declinedRefund();
    const bad = answers(step, true).map((v, i) => (i === 0 ? { ...v, value: 'perhaps' } : v));
    const [status, body] = await fork(id, { step_id: step.step_id, values: bad });
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({
      code: 'parameter_invalid',
      field: `attribute_values.${step.attributes[0]!.identifier}`,
    });

    const [missing, missingBody] = await fork(id, { step_id: 'not-a-step', values: [] });
    expect([missing, missingBody.errors[0]?.field]).toEqual([400, 'step_id']);

    for (const role of ['viewer', 'agent'] as const) {
      const as = await actingAs(h, `Fork ${role}`, role);
      const [refused] = await fork(id, { step_id: step.step_id, values: answers(step, true) }, { as });
      expect(refused).toBe(403);
    }
  }, 60_000);
});

describe('what-if forks elsewhere', () => {
  harnessPerFile();

  it('need the built-in simulator', async () => {
    const [status, body] = await fork('any-run', { step_id: 's', values: [] });
    expect(status).toBe(409);
    expect(body.errors[0]).toMatchObject({
      code: 'conflict',
      message: 'What-if forks need the built-in simulator',
    });
  });
});
