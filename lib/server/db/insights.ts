import 'server-only';
import type { Outcome } from '@/lib/console/insights';
import type { Queryable } from '.';

// Definitions: docs/decisions/insights.md. Every query takes $1 = from (inclusive), $2 = to (exclusive).

const UNKNOWN = `'Unknown procedure'`;

/**
 * One row per run started in the range: procedure runs the console recorded, and run calls Fin
 * refused or never answered (no conversation exists for those).
 */
const RUNS = `
runs AS (
  SELECT COALESCE(c.procedure_name, c.procedure_id, ${UNKNOWN}) AS procedure, c.created_at AS at,
    CASE
      WHEN COALESCE(last.status, c.status) = 'escalated' THEN 'escalated'
      WHEN COALESCE(last.status, c.status) = 'resolved' THEN 'resolved'
      WHEN c.status = 'complete' THEN 'complete_unresolved'
      ELSE 'in_progress'
    END AS outcome
  FROM conversations c
  LEFT JOIN LATERAL (
    -- complete follows resolved and escalated, so the last of those two says how it ended
    SELECT e.payload->>'status' AS status FROM events e
    WHERE e.conversation_id = c.id AND e.payload->>'event_name' = 'fin_status_updated'
      AND e.payload->>'status' IN ('escalated', 'resolved')
    ORDER BY e.created_at_ms DESC NULLS LAST, e.seq DESC LIMIT 1
  ) last ON true
  WHERE c.kind = 'procedure' AND c.created_at >= $1 AND c.created_at < $2
  UNION ALL
  SELECT COALESCE(p.name, x.pid), a.created_at, 'failed'
  FROM api_calls a
  CROSS JOIN LATERAL (SELECT substring(a.url FROM '/fin/procedures/([^/?#]+)/run') AS pid) x
  LEFT JOIN procedures p ON p.id = x.pid
  WHERE a.method = 'POST' AND x.pid IS NOT NULL AND (a.status IS NULL OR a.status >= 400)
    AND a.created_at >= $1 AND a.created_at < $2
)`;

const ROUND = (expr: string) => `round((${expr})::numeric, 3)::float8`;
const PERCENTILE = (p: number, col: string) => ROUND(`percentile_cont(${p}) WITHIN GROUP (ORDER BY ${col})`);

export interface BucketRow {
  bucket: string;
  procedure: string;
  runs: number;
}

/** Runs per procedure and UTC hour or day bucket (bucket as an ISO instant). */
export function runsOverTime(db: Queryable, from: string, to: string, unit: 'hour' | 'day') {
  return db.query<BucketRow>(
    `WITH ${RUNS}
     SELECT to_char(date_trunc('${unit === 'hour' ? 'hour' : 'day'}', at AT TIME ZONE 'UTC'),
         'YYYY-MM-DD"T"HH24:MI:SS".000Z"') AS bucket,
       procedure, count(*)::int AS runs
     FROM runs GROUP BY 1, 2 ORDER BY 1, 2`,
    [from, to],
  );
}

export type OutcomeRow = { procedure: string; outcome: Outcome; runs: number };

export function outcomesByProcedure(db: Queryable, from: string, to: string) {
  return db.query<OutcomeRow>(
    `WITH ${RUNS} SELECT procedure, outcome, count(*)::int AS runs FROM runs GROUP BY 1, 2 ORDER BY 1, 2`,
    [from, to],
  );
}

/** Runs started and HITL steps received per hour of the day (UTC); hours with neither are left out. */
export function busiestHours(db: Queryable, from: string, to: string) {
  return db.query<{ hour: number; runs: number; hitl_steps: number }>(
    `WITH ${RUNS}, hits AS (
       SELECT at, 1 AS run, 0 AS step FROM runs
       UNION ALL
       SELECT received_at, 0, 1 FROM hitl_steps WHERE received_at >= $1 AND received_at < $2
     )
     SELECT extract(hour FROM at AT TIME ZONE 'UTC')::int AS hour,
       sum(run)::int AS runs, sum(step)::int AS hitl_steps
     FROM hits GROUP BY 1 ORDER BY 1`,
    [from, to],
  );
}

export interface SpreadRow {
  set_name: 'procedure' | 'assignee' | 'teammate' | 'all';
  label: string | null;
  count: number;
  wait_median_s: number | null;
  wait_p90_s: number | null;
  answer_median_s: number | null;
  answer_p90_s: number | null;
}

/**
 * Answered HITL steps received in the range: waiting time (arrival to answer) and answer time
 * (the answerer's first claim, else arrival, to answer), by procedure, assignee, teammate and overall.
 */
export function hitlSpreads(db: Queryable, from: string, to: string) {
  return db.query<SpreadRow>(
    `WITH claims AS (
       SELECT target, actor_id, actor, min(at) AS at FROM audit_log
       WHERE action = 'hitl.claim' AND at >= $1 GROUP BY 1, 2, 3
     ), steps AS (
       SELECT h.procedure_name AS procedure,
         COALESCE(NULLIF(h.assign_to->>'name', ''), (h.assign_to->>'type') || ' ' || (h.assign_to->>'id'),
           'Unassigned') AS assignee,
         COALESCE(h.answered_by_id, '') AS teammate_id, COALESCE(h.answered_by, 'Unknown') AS teammate,
         extract(epoch FROM h.answered_at - h.received_at)::float8 AS wait_s,
         extract(epoch FROM h.answered_at - COALESCE(cl.at, h.received_at))::float8 AS answer_s
       FROM hitl_steps h
       LEFT JOIN claims cl ON cl.target = h.step_id AND cl.at <= h.answered_at
         AND (cl.actor_id = h.answered_by_id
           OR (h.answered_by_id IS NULL AND cl.actor_id IS NULL AND cl.actor = h.answered_by))
       WHERE h.status = 'submitted' AND h.answered_at IS NOT NULL
         AND h.received_at >= $1 AND h.received_at < $2
     )
     SELECT CASE WHEN GROUPING(procedure) = 0 THEN 'procedure' WHEN GROUPING(assignee) = 0 THEN 'assignee'
         WHEN GROUPING(teammate) = 0 THEN 'teammate' ELSE 'all' END AS set_name,
       COALESCE(procedure, assignee, teammate) AS label, count(*)::int AS count,
       ${PERCENTILE(0.5, 'wait_s')} AS wait_median_s, ${PERCENTILE(0.9, 'wait_s')} AS wait_p90_s,
       ${PERCENTILE(0.5, 'answer_s')} AS answer_median_s, ${PERCENTILE(0.9, 'answer_s')} AS answer_p90_s
     FROM steps GROUP BY GROUPING SETS ((procedure), (assignee), (teammate_id, teammate), ())
     ORDER BY 1, 2`,
    [from, to],
  );
}

export interface CsatRow {
  procedure: string;
  rating: string;
  ratings: number;
}

/** The last rating given per run started in the range (a rating may be changed), counted by procedure. */
export function csatByProcedure(db: Queryable, from: string, to: string) {
  return db.query<CsatRow>(
    `SELECT COALESCE(c.procedure_name, c.procedure_id, ${UNKNOWN}) AS procedure, r.rating, count(*)::int AS ratings
     FROM conversations c
     CROSS JOIN LATERAL (
       SELECT e.payload->>'rating' AS rating FROM events e
       WHERE e.conversation_id = c.id AND e.payload->>'event_name' = 'console_csat_submitted'
       ORDER BY e.seq DESC LIMIT 1
     ) r
     WHERE c.kind = 'procedure' AND c.created_at >= $1 AND c.created_at < $2
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [from, to],
  );
}
