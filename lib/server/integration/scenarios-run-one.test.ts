/** "Run" on one scenario of a suite: the run holds that scenario alone; a name the suite lacks is a 404. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ErrorList } from '@/lib/fin';
import type { ScenarioRun, ScenarioSuite } from '@/lib/console/scenarios';
import * as suitesRoute from '@/app/api/scenarios/suites/route';
import * as suiteRunsRoute from '@/app/api/scenarios/suites/[id]/runs/route';
import * as runRoute from '@/app/api/scenarios/runs/[id]/route';
import { settleRuns } from '../scenarios';
import { getRequest, harnessPerFile, jsonRequest, params } from '@/testing/server/harness';

harnessPerFile();
const seeded = readFileSync('scenarios/seeded-procedures.yaml', 'utf8').replace(
  /^name: .*$/m,
  'name: Run one of these',
);

async function json<T>(res: Promise<Response>): Promise<[number, T]> {
  const r = await res;
  return [r.status, (await r.json()) as T];
}

describe('running one scenario of a suite', () => {
  it('runs only the named scenario, and refuses a name the suite does not have', async () => {
    const [created, suite] = await json<ScenarioSuite>(
      suitesRoute.POST(jsonRequest('/api/scenarios/suites', { body: seeded }), params({})),
    );
    expect(created).toBe(201);
    const start = (body: object) =>
      json<{ id: string } & ErrorList>(
        suiteRunsRoute.POST(
          jsonRequest(`/api/scenarios/suites/${suite.id}/runs`, body),
          params({ id: suite.id }),
        ),
      );

    const [missing, refused] = await start({ scenario: 'No such scenario' });
    expect(missing).toBe(404);
    expect(refused.errors[0]?.message).toBe('The suite has no scenario named "No such scenario"');

    const [status, started] = await start({ scenario: 'Order status asks for a rating' });
    expect(status).toBe(202);
    await settleRuns();
    const [, run] = await json<ScenarioRun>(
      runRoute.GET(getRequest(`/api/scenarios/runs/${started.id}`), params({ id: started.id })),
    );
    expect(run.results.map((r) => [r.name, r.status])).toEqual([
      ['Order status asks for a rating', 'passed'],
    ]);
    expect(run.counts).toEqual({ total: 1, passed: 1, failed: 0, errors: 0 });
  });
});
