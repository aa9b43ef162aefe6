import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '@/lib/console/types';
import { insightsQuerySchema } from '@/lib/console/insights';
import type { FinStatus } from '@/lib/fin';
import { freshDbPerSuite } from '@/testing/server/harness';
import type { Db } from './db';
import { appendEvents, recordConversation } from './db/events';
import { finishSubmit, insertStep } from './db/hitl-steps';
import { insertApiCall, rememberProcedures, writeAudit } from './db/records';
import { getInsights } from './insights';

const FROM = new Date('2026-03-02T00:00:00Z');
const TO = new Date('2026-03-03T00:00:00Z');
const day = (time: string) => `2026-03-02T${time}Z`;

/** A procedure run started at `at`, with Fin's status updates and CSAT ratings given in order. */
async function run(
  db: Db,
  id: string,
  procedure: string,
  at: string,
  statuses: FinStatus[],
  ratings: string[] = [],
  kind: 'procedure' | 'ask' = 'procedure',
) {
  await recordConversation(db, {
    id,
    kind,
    procedure_name: kind === 'procedure' ? procedure : null,
    user: { id: 'u1' },
    status: 'thinking',
    status_at: new Date(at),
  });
  await db.query('UPDATE conversations SET created_at = $2 WHERE id = $1', [id, at]);
  let t = new Date(at).getTime();
  for (const status of statuses) {
    t += 1000;
    await appendEvents(db, [
      {
        conversationId: id,
        source: 'webhook',
        event: {
          event_name: 'fin_status_updated',
          conversation_id: id,
          user_id: 'u1',
          status,
          created_at_ms: new Date(t).toISOString(),
        } as never,
      },
    ]);
  }
  for (const rating of ratings) {
    const note: ConsoleEvent = {
      event_name: 'console_csat_submitted',
      rating,
      remark: null,
      created_at_ms: at,
    };
    await appendEvents(db, [{ conversationId: id, source: 'console', event: note }]);
  }
}

/** A run call Fin refused (or never answered, status null) at `at`. */
async function failedRun(db: Db, procedureId: string, at: string, status: number | null) {
  const url = `http://fin.test/fin/procedures/${procedureId}/run?at=${at}`;
  await insertApiCall(db, {
    conversation_id: null,
    method: 'POST',
    url,
    request_body: {},
    status,
    response_body: {},
    duration_ms: 5,
  });
  await db.query('UPDATE api_calls SET created_at = $2 WHERE url = $1', [url, at]);
}

const DANA = { actor: 'Dana', actorId: 'u-dana' };
const SAM = { actor: 'Sam', actorId: 'u-sam' };

/** A HITL step received at `received`, answered at `answered` by `by` (pending when `answered` is null). */
async function step(
  db: Db,
  id: string,
  procedure: string,
  assignee: string | null,
  received: string,
  answered: string | null,
  by = DANA,
) {
  await insertStep(
    db,
    {
      app_id: null,
      conversation_id: `ic-${id}`,
      step_id: id,
      procedure_name: procedure,
      hitl_question: 'Approve?',
      attributes_to_collect: [],
      callback_url: 'http://fin.test/procedures/x/collect_agent_input',
      expires_at: null,
      priority: null,
      assign_to: assignee ? { type: 'team', id: '1', name: assignee } : null,
      conversation_url: null,
      recent_messages: [],
    },
    { conversationId: null, kind: null, evidence: [] },
  );
  if (answered) {
    await finishSubmit(db, id, {
      status: 'submitted',
      outcome: 'delivered',
      delivery: { state: 'delivered', error: null, by },
      answeredBy: by,
      values: [],
    });
  }
  await db.query('UPDATE hitl_steps SET received_at = $2, answered_at = $3 WHERE step_id = $1', [
    id,
    received,
    answered,
  ]);
}

async function claim(db: Db, stepId: string, by: typeof DANA, at: string) {
  await writeAudit(db, { ...by, action: 'hitl.claim', target: stepId });
  await db.query(
    `UPDATE audit_log SET at = $3 WHERE target = $1 AND actor_id = $2 AND action = 'hitl.claim'`,
    [stepId, by.actorId, at],
  );
}

describe('getInsights (on the configured store)', () => {
  const db = freshDbPerSuite();

  beforeAll(async () => {
    const d = db();
    await rememberProcedures(d, [{ id: 'proc-refunds', name: 'Refunds' }]);
    await run(d, 'r1', 'Refunds', day('09:15:00'), ['resolved', 'complete'], ['amazing', 'good']);
    await run(d, 'r2', 'Refunds', day('09:40:00'), ['escalated', 'complete'], ['bad']);
    await run(d, 'r3', 'Refunds', day('14:05:00'), ['complete']);
    await run(d, 'r4', 'Address change', day('14:30:00'), ['awaiting_user_reply'], ['amazing']);
    await run(d, 'r5', 'Address change', '2026-03-01T23:59:00Z', ['resolved'], ['terrible']);
    await run(d, 'a1', '', day('09:00:00'), ['resolved'], [], 'ask');
    await failedRun(d, 'proc-refunds', day('14:50:00'), 500);
    await failedRun(d, 'proc-x', day('23:30:00'), null);
    await failedRun(d, 'proc-ok', day('23:40:00'), 200);

    await step(d, 's1', 'Refunds', 'Billing', day('10:00:00'), day('10:01:00'), DANA);
    await claim(d, 's1', DANA, day('10:00:40'));
    await step(d, 's2', 'Refunds', 'Billing', day('10:00:00'), day('10:05:00'), DANA);
    await step(d, 's3', 'Refunds', 'Billing', day('11:00:00'), day('11:10:00'), SAM);
    await claim(d, 's3', SAM, day('11:09:00'));
    await step(d, 's4', 'Address change', null, day('14:00:00'), day('14:02:00'), SAM);
    await claim(d, 's4', DANA, day('14:01:00'));
    await step(d, 's5', 'Refunds', 'Billing', day('15:00:00'), null);
    await step(d, 's6', 'Refunds', 'Billing', '2026-03-01T10:00:00Z', '2026-03-02T10:00:00Z');
  });

  const insights = () => getInsights({ db: db() }, { from: FROM, to: TO });

  it('counts runs by outcome, failed run calls included, only in the range and only procedure runs', async () => {
    const i = await insights();
    expect(i.outcomes).toEqual([
      { procedure: 'Refunds', resolved: 1, escalated: 1, complete_unresolved: 1, in_progress: 0, failed: 1 },
      {
        procedure: 'Address change',
        resolved: 0,
        escalated: 0,
        complete_unresolved: 0,
        in_progress: 1,
        failed: 0,
      },
      { procedure: 'proc-x', resolved: 0, escalated: 0, complete_unresolved: 0, in_progress: 0, failed: 1 },
    ]);
    expect(i.summary).toMatchObject({ runs: 6, resolved: 1, resolved_rate: 0.167 });
  });

  it('buckets runs by UTC hour for a day-long range', async () => {
    const i = await insights();
    expect(i.range.bucket).toBe('hour');
    expect(i.range.buckets).toHaveLength(24);
    expect(i.range.buckets[9]).toBe(day('09:00:00.000'));
    expect(i.runs_over_time).toEqual([
      { bucket: day('09:00:00.000'), procedure: 'Refunds', runs: 2 },
      { bucket: day('14:00:00.000'), procedure: 'Address change', runs: 1 },
      { bucket: day('14:00:00.000'), procedure: 'Refunds', runs: 2 },
      { bucket: day('23:00:00.000'), procedure: 'proc-x', runs: 1 },
    ]);
  });

  it('gives HITL waiting time per procedure, assignee and overall, and answer time per teammate', async () => {
    const i = await insights();
    expect(i.hitl_wait_by_procedure).toEqual([
      { procedure: 'Address change', count: 1, median_s: 120, p90_s: 120 },
      { procedure: 'Refunds', count: 3, median_s: 300, p90_s: 540 },
    ]);
    expect(i.hitl_wait_by_assignee).toEqual([
      { assignee: 'Billing', count: 3, median_s: 300, p90_s: 540 },
      { assignee: 'Unassigned', count: 1, median_s: 120, p90_s: 120 },
    ]);
    // Dana: 20 s from her claim, 300 s unclaimed; Sam: 60 s from his claim, 120 s (Dana's claim is not his).
    expect(i.answer_time_by_teammate).toEqual([
      { teammate: 'Dana', count: 2, median_s: 160, p90_s: 272 },
      { teammate: 'Sam', count: 2, median_s: 90, p90_s: 114 },
    ]);
    expect(i.summary).toMatchObject({ hitl_answered: 4, hitl_wait_median_s: 210, hitl_wait_p90_s: 510 });
  });

  it('counts runs and HITL steps per hour of the day', async () => {
    const hours = (await insights()).busiest_hours;
    expect(hours).toHaveLength(24);
    expect(hours.filter((h) => h.runs + h.hitl_steps > 0)).toEqual([
      { hour: 9, runs: 2, hitl_steps: 0 },
      { hour: 10, runs: 0, hitl_steps: 2 },
      { hour: 11, runs: 0, hitl_steps: 1 },
      { hour: 14, runs: 3, hitl_steps: 1 },
      { hour: 15, runs: 0, hitl_steps: 1 },
      { hour: 23, runs: 1, hitl_steps: 0 },
    ]);
  });

  it('averages the last CSAT rating of each run, per procedure and overall', async () => {
    const i = await insights();
    expect(i.csat_by_procedure).toEqual([
      {
        procedure: 'Address change',
        ratings: 1,
        average: 5,
        terrible: 0,
        bad: 0,
        ok: 0,
        good: 0,
        amazing: 1,
      },
      { procedure: 'Refunds', ratings: 2, average: 3, terrible: 0, bad: 1, ok: 0, good: 1, amazing: 0 },
    ]);
    expect(i.summary).toMatchObject({ csat_ratings: 3, csat_average: 3.667 });
  });

  it('buckets by day over longer ranges, and a range with nothing in it is all zeros', async () => {
    const i = await getInsights(
      { db: db() },
      { from: new Date('2025-01-01T12:00:00Z'), to: new Date('2025-01-08T00:00:00Z') },
    );
    expect(i.range.bucket).toBe('day');
    expect(i.range.buckets).toEqual(Array.from({ length: 7 }, (_, k) => `2025-01-0${k + 1}T00:00:00.000Z`));
    expect(i.summary).toEqual({
      runs: 0,
      resolved: 0,
      resolved_rate: null,
      hitl_answered: 0,
      hitl_wait_median_s: null,
      hitl_wait_p90_s: null,
      csat_ratings: 0,
      csat_average: null,
    });
    expect([i.outcomes, i.runs_over_time, i.hitl_wait_by_procedure, i.csat_by_procedure]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });
});

describe('insightsQuerySchema', () => {
  it('defaults to the last 7 days, takes dates and date-times, and bounds the range', () => {
    const { from, to } = insightsQuerySchema.parse({});
    expect(to.getTime() - from.getTime()).toBe(7 * 86_400_000);
    expect(insightsQuerySchema.parse({ from: '2026-01-01', to: '2026-01-02T06:00:00+02:00' })).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-02T04:00:00Z'),
    });
    const issues = (q: object) => insightsQuerySchema.safeParse(q).error?.issues.map((i) => i.message);
    expect(issues({ from: '2026-01-02', to: '2026-01-01' })).toEqual(['from must be before to']);
    expect(issues({ from: '2024-01-01', to: '2026-01-01' })).toEqual(['The range is at most 366 days']);
    expect(issues({ from: 'yesterday' })).toEqual([
      'from must be an ISO date (2026-01-31) or date-time (2026-01-31T09:00:00Z)',
    ]);
  });
});
