/** A small reliability run for CI; `npm run reliability` is the full-size version. */
import { describe, expect, it } from 'vitest';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import { runAccessChecks } from './access';
import { driveRun, planRuns, restartIndex, type RunSpec } from './faults';
import { runFuzz } from './fuzz';
import { parseArgs } from './main';
import { emptyFigures, failed, summaryLine, table } from './report';
import { useRig } from './use-rig';

describe('reliability report', () => {
  it('prints the summary line in the one fixed form', () => {
    const f = { ...emptyFigures(), runs: 3, fuzz_cases: 120 };
    expect(summaryLine(f)).toBe(
      'reliability: runs=3 events_lost=0 events_duplicated=0 hitl_lost=0 hitl_doubled=0 fuzz_cases=120 fuzz_5xx=0 access_violations=0 attacks=0 breaches=0',
    );
    expect(failed(f)).toBe(false);
    for (const k of [
      'events_lost',
      'events_duplicated',
      'hitl_lost',
      'hitl_doubled',
      'fuzz_5xx',
      'access_violations',
      'breaches',
    ] as const)
      expect(failed({ ...f, [k]: 1 })).toBe(true);
    expect(
      table([
        ['a', 'n'],
        ['x', 12],
      ]),
    ).toBe('a  n \n-  --\nx  12');
  });

  it('parses options; plans are reproducible from the seed, with one restart on a HITL run', () => {
    expect(parseArgs(['--quick'], {})).toMatchObject({ runs: 6, fuzz: 150, stores: ['pglite'] });
    expect(
      parseArgs(['--runs', '4', '--fuzz', '9', '--seed', '5'], { TEST_DATABASE_URL: 'postgres://x/y' }),
    ).toMatchObject({
      runs: 4,
      fuzz: 9,
      seed: 5,
      stores: ['pglite', 'postgres'],
    });
    expect(() => parseArgs(['--runs', 'many'], {})).toThrow(/--runs/);
    const plan = planRuns(14, 77, null);
    expect(planRuns(14, 77, null)).toEqual(plan);
    expect(new Set(plan.map((p) => p.procedureId)).size).toBe(7);
    const at = restartIndex(plan)!;
    expect([
      PROCEDURE_IDS.refund,
      PROCEDURE_IDS.planUpgrade,
      PROCEDURE_IDS.accountDeletion,
      PROCEDURE_IDS.priorityCallback,
    ]).toContain(plan[at]!.procedureId);
    const withRestart = planRuns(14, 77, at);
    expect(withRestart.filter((p) => p.plan.restartAfterMs !== undefined)).toHaveLength(1);
    expect(withRestart[at]!.plan.webhookFailOnce).toBeUndefined();
  });
});

describe('reliability, small', () => {
  const t = useRig();

  const opts = { timeoutMs: 1500, runBudgetMs: 25_000 };
  const spec = (index: number, procedureId: string, plan: RunSpec['plan']): RunSpec => ({
    index,
    procedureId,
    plan,
    seed: 9000 + index,
  });

  it('fault runs: nothing lost or repeated, every HITL answer reaches Fin once', async () => {
    const specs = [
      spec(0, PROCEDURE_IDS.refund, {
        drop: { after: 2, forMs: 300 },
        duplicateWebhooks: true,
        fail: { status: 503, count: 1, path: '/procedures/' },
      }),
      // Restarted while the run waits for its teammate: no webhook is in flight, so none waits for Fin's retry.
      spec(1, PROCEDURE_IDS.planUpgrade, {
        reorderWebhooks: true,
        webhookDelayMs: [0, 150],
        restartAfterMs: 400,
      }),
      spec(2, PROCEDURE_IDS.orderStatus, {
        fail: { status: 502, count: 1, path: '/event-stream' },
        duplicateWebhooks: true,
        slowMs: 40,
      }),
    ];
    for (const s of specs) {
      const r = await driveRun(t.rig, t.api, s, opts);
      expect(r.simEvents, r.notes.join('\n')).toBeGreaterThan(0);
      expect(
        {
          lost: r.eventsLost,
          browserLost: r.browserLost,
          dupStore: r.storeDuplicates,
          dupBrowser: r.browserDuplicates,
          hitlLost: r.hitlLost,
          hitlDoubled: r.hitlDoubled,
          missing: r.stepsMissing,
          errors: r.internalErrors,
        },
        `${r.procedureId} [${r.plan}]\n${r.notes.join('\n')}`,
      ).toEqual({
        lost: 0,
        browserLost: 0,
        dupStore: 0,
        dupBrowser: 0,
        hitlLost: 0,
        hitlDoubled: 0,
        missing: 0,
        errors: 0,
      });
      if (s.procedureId !== PROCEDURE_IDS.orderStatus) expect(r.hitlAnswered).toBe(1);
    }
    expect(t.rig.restarts).toBe(1);
  });

  it('fuzzed input: no 5xx, proper rejections, nothing stored from rejected requests', async () => {
    const result = await runFuzz(t.rig, t.api, {
      cases: 100,
      seed: 4242,
      log: () => undefined,
      verbose: false,
      lines: t.capture.lines,
    });
    expect(result.cases).toBeGreaterThan(90);
    expect(result.failures).toEqual([]);
    expect(result.fiveHundreds).toBe(0);
  });

  it('access: the route matrix holds, forged and replayed webhooks refused, no token in any answer or log line', async () => {
    const access = await runAccessChecks(t.rig, t.api, t.capture.lines);
    expect(access.checks).toBeGreaterThan(20);
    expect(access.violations).toEqual([]);
  });
});
