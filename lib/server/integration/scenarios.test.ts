/** Scenario suites end to end: saved through the routes, run in-process against the real simulator, saved from a run. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ErrorList } from '@/lib/fin';
import type {
  ScenarioRun,
  ScenarioSaved,
  ScenarioSuite,
  ScenarioSuiteList,
  SuiteWriteBody,
} from '@/lib/console/scenarios';
import type { ConversationDetail } from '@/lib/console/types';
import { parseSuiteText } from '@/lib/scenarios/schema';
import { stringify } from 'yaml';
import * as suitesRoute from '@/app/api/scenarios/suites/route';
import * as suiteRoute from '@/app/api/scenarios/suites/[id]/route';
import * as suiteRunsRoute from '@/app/api/scenarios/suites/[id]/runs/route';
import * as runRoute from '@/app/api/scenarios/runs/[id]/route';
import * as saveRoute from '@/app/api/conversations/[id]/scenario/route';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import { settleRuns } from '../scenarios';
import { actingAs, getRequest, harnessPerFile, jsonRequest, params } from '@/testing/server/harness';

const h = harnessPerFile();
const seeded = readFileSync('scenarios/seeded-procedures.yaml', 'utf8');

async function json<T>(res: Response | Promise<Response>): Promise<[number, T]> {
  const r = await res;
  return [r.status, (await r.json()) as T];
}

const create = (body: SuiteWriteBody, as?: Parameters<typeof jsonRequest>[2]) =>
  json<ScenarioSuite & ErrorList>(
    suitesRoute.POST(jsonRequest('/api/scenarios/suites', body, as), params({})),
  );

async function runToEnd(suiteId: string): Promise<ScenarioRun> {
  const [status, started] = await json<{ id: string }>(
    suiteRunsRoute.POST(jsonRequest(`/api/scenarios/suites/${suiteId}/runs`, {}), params({ id: suiteId })),
  );
  expect(status).toBe(202);
  await settleRuns();
  const [, run] = await json<ScenarioRun>(
    runRoute.GET(getRequest(`/api/scenarios/runs/${started.id}`), params({ id: started.id })),
  );
  return run;
}

describe('scenario suites', () => {
  it('refuses a bad suite with one error per problem, each naming its line', async () => {
    const [status, body] = await create({
      body: 'name: Bad\nscenarios:\n  - name: x\n    message: hi\n    expect:\n      - status: asleep\n',
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({
        code: 'parameter_invalid',
        field: '6:9',
        message: expect.stringMatching(/^line 6: scenarios\.0\.expect\.0: /),
      }),
    ]);
  });

  it('lets a viewer read but not write', async () => {
    const viewer = await actingAs(h, 'Val', 'viewer');
    const [status] = await create({ body: seeded }, { as: viewer });
    expect(status).toBe(403);
    const [listed] = await json(
      suitesRoute.GET(getRequest('/api/scenarios/suites', { as: viewer }), params({})),
    );
    expect(listed).toBe(200);
  });

  it('runs the seeded suite, plus deliberately wrong cases, against the simulator', async () => {
    const suite = parseSuiteText(seeded);
    if (!suite.ok) throw new Error('the seeded suite does not parse');
    const wrong = {
      name: 'Seeded procedures, with wrong expectations',
      scenarios: [
        ...suite.suite.scenarios,
        {
          name: 'Wrong milestone: an approved refund is not escalated',
          procedure_id: '41001',
          replies: ['A-3003'],
          hitl: { 'Approve Refund': true, 'Refund Reason': 'Arrived late', 'Refund Amount': 5 },
          expect: [{ hitl_asked: ['Approve Refund'] }, { escalated: true }, { resolved: true }],
        },
        {
          name: 'Wrong text: the order is not lost',
          procedure_id: '41009',
          expect: [{ resolved: true }, { fin_says: { contains: 'your order is lost' } }],
        },
        {
          name: 'Missing HITL answer',
          procedure_id: '41003',
          user: { attributes: { plan_type: 'Pro' } },
          hitl: { Seats: 3 },
          timeout_s: 20,
          expect: [{ resolved: true }],
        },
      ],
    };
    const [status, created] = await create({ body: stringify(wrong) });
    expect(status).toBe(201);
    expect(created.estimate).toEqual({ users: 13, conversations: 13 });

    const run = await runToEnd(created.id);
    const byName = Object.fromEntries(run.results.map((r) => [r.name, r]));
    expect(run.status).toBe('failed');
    expect(run.counts).toEqual({ total: 13, passed: 10, failed: 2, errors: 1 });
    for (const s of suite.suite.scenarios)
      expect([s.name, byName[s.name]!.status, byName[s.name]!.reason]).toEqual([s.name, 'passed', null]);

    expect(byName['Wrong milestone: an approved refund is not escalated']).toMatchObject({
      status: 'failed',
      failed_at: 1,
      reason: 'escalated: was never escalated',
    });
    const wrongText = byName['Wrong text: the order is not lost']!;
    expect(wrongText).toMatchObject({ status: 'failed', failed_at: 1 });
    expect(wrongText.reason).toMatch(
      /^Fin says "your order is lost": no message from Fin contains "your order is lost" \(the last one: "Your latest order shipped yesterday/,
    );
    expect(wrongText.actual).toEqual([
      expect.stringMatching(/^Fin says "Your latest order/),
      'status resolved',
      'resolved',
      'status complete',
      'CSAT requested',
    ]);
    expect(byName['Missing HITL answer']).toMatchObject({
      status: 'error',
      reason: 'no answer for attribute "Effective Date" of HITL step 1',
    });

    // Each result links to its run's timeline: a real conversation, answered by the starter.
    const refund = byName['Refund approved']!;
    const [, detail] = await json<ConversationDetail>(
      conversationRoute.GET(
        getRequest(`/api/conversations/${refund.conversation_id}`),
        params({ id: refund.conversation_id! }),
      ),
    );
    expect(
      detail.events.some(
        (e) => e.event.event_name === 'console_hitl_answered' && e.event.answered_by === 'operations token',
      ),
    ).toBe(true);

    const [, history] = await json<{ runs: { id: string }[] }>(
      suiteRunsRoute.GET(getRequest(`/api/scenarios/suites/${created.id}/runs`), params({ id: created.id })),
    );
    expect(history.runs.map((r) => r.id)).toEqual([run.id]);
    const [, list] = await json<ScenarioSuiteList>(
      suitesRoute.GET(getRequest('/api/scenarios/suites'), params({})),
    );
    expect(list).toMatchObject({ fin_api: 'simulator', real_intercom: false });
    expect(list.suites.find((s) => s.id === created.id)?.last_run).toMatchObject({
      id: run.id,
      status: 'failed',
    });
  }, 120_000);

  it('saves a finished run as a scenario that passes when run again', async () => {
    const [, created] = await create({
      body: stringify({
        name: 'Saved from runs',
        scenarios: [
          {
            name: 'Source run',
            procedure_id: '41001',
            message: 'Refund please',
            replies: ['B-77'],
            hitl: { 'Approve Refund': false, 'Refund Reason': 'Changed mind', 'Refund Amount': 1 },
            expect: [{ escalated: true }],
          },
        ],
      }),
    });
    const first = await runToEnd(created.id);
    const source = first.results[0]!.conversation_id!;
    expect(first.status).toBe('passed');

    const [status, saved] = await json<ScenarioSaved>(
      saveRoute.POST(
        jsonRequest(`/api/conversations/${source}/scenario`, {
          suite_id: created.id,
          scenario_name: 'Saved',
        }),
        params({ id: source }),
      ),
    );
    expect([status, saved]).toEqual([201, { suite_id: created.id, scenario_name: 'Saved' }]);
    const [, suite] = await json<ScenarioSuite>(
      suiteRoute.GET(getRequest(`/api/scenarios/suites/${created.id}`), params({ id: created.id })),
    );
    const parsed = parseSuiteText(suite.body);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.suite.scenarios[1]).toMatchObject({
      name: 'Saved',
      procedure_id: '41001',
      message: 'Refund please',
      replies: ['B-77'],
      hitl: { 'Approve Refund': false, 'Refund Reason': 'Changed mind', 'Refund Amount': 1 },
      expect: [
        { status: 'awaiting_user_reply' },
        { hitl_asked: ['Approve Refund', 'Refund Reason', 'Refund Amount'] },
        { fin_says: { contains: expect.stringContaining('passing you to a teammate') } },
        { status: 'escalated' },
        { escalated: true },
        { status: 'complete' },
      ],
    });

    const again = await runToEnd(created.id);
    expect(again.results.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['Source run', 'passed', null],
      ['Saved', 'passed', null],
    ]);

    const [newStatus, intoNew] = await json<ScenarioSaved>(
      saveRoute.POST(
        jsonRequest(`/api/conversations/${source}/scenario`, { new_suite: 'From one run' }),
        params({ id: source }),
      ),
    );
    expect(newStatus).toBe(201);
    expect(intoNew.scenario_name).toBe(`Refund request ${source}`);
    const deleteSuite = () =>
      suiteRoute.DELETE(
        getRequest(`/api/scenarios/suites/${intoNew.suite_id}`, { method: 'DELETE' }),
        params({ id: intoNew.suite_id }),
      );
    expect((await deleteSuite()).status).toBe(200);
    expect((await deleteSuite()).status).toBe(404);
  }, 60_000);
});
