import 'server-only';
import type { RunStatus, ScenarioResult } from '@/lib/console/scenarios';
import { jsonParam, type Db, type Queryable } from '.';

export interface SuiteRow {
  id: string;
  name: string;
  body: string;
  updated_at: Date;
  updated_by: string;
}

export interface RunRow {
  id: string;
  suite_id: string;
  started_by: string;
  started_at: Date;
  finished_at: Date | null;
  status: RunStatus;
  deadline_at: Date;
  results: ScenarioResult[];
}

// A run still `running` past its deadline was abandoned by a console that stopped: it reads as an error.
const RUN_COLUMNS = `r.id, r.suite_id, r.started_by, r.started_at, r.finished_at, r.deadline_at, r.results,
  CASE WHEN r.status = 'running' AND r.deadline_at < now() THEN 'error' ELSE r.status END AS status`;

export async function listSuiteRows(db: Queryable): Promise<(SuiteRow & { last_run: RunRow | null })[]> {
  const rows = await db.query<
    SuiteRow & {
      last_run:
        | (Omit<RunRow, 'started_at' | 'finished_at' | 'deadline_at'> & {
            started_at: string;
            finished_at: string | null;
            deadline_at: string;
          })
        | null;
    }
  >(
    `SELECT s.*, (SELECT to_jsonb(r) FROM (SELECT ${RUN_COLUMNS} FROM scenario_runs r WHERE r.suite_id = s.id
       ORDER BY r.started_at DESC, r.id DESC LIMIT 1) r) AS last_run
     FROM scenario_suites s ORDER BY s.name LIMIT 500`,
  );
  return rows.map((r) => ({
    ...r,
    last_run: r.last_run
      ? {
          ...r.last_run,
          started_at: new Date(r.last_run.started_at),
          finished_at: r.last_run.finished_at ? new Date(r.last_run.finished_at) : null,
          deadline_at: new Date(r.last_run.deadline_at),
        }
      : null,
  }));
}

export async function getSuiteRow(db: Queryable, id: string): Promise<SuiteRow | null> {
  return (await db.query<SuiteRow>('SELECT * FROM scenario_suites WHERE id = $1', [id]))[0] ?? null;
}

/** null when another suite has the name. */
export async function insertSuite(
  db: Queryable,
  s: { id: string; name: string; body: string; by: string },
): Promise<SuiteRow | null> {
  const rows = await db.query<SuiteRow>(
    `INSERT INTO scenario_suites (id, name, body, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO NOTHING RETURNING *`,
    [s.id, s.name, s.body, s.by],
  );
  return rows[0] ?? null;
}

/** `undefined` when no such suite, null when another suite has the name. */
export async function updateSuite(
  db: Db,
  s: { id: string; name: string; body: string; by: string },
): Promise<SuiteRow | null | undefined> {
  return db.transaction(async (tx) => {
    const taken = await tx.query<{ id: string }>(
      'SELECT id FROM scenario_suites WHERE name = $1 AND id <> $2',
      [s.name, s.id],
    );
    if (taken.length > 0) return null;
    const rows = await tx.query<SuiteRow>(
      `UPDATE scenario_suites SET name = $2, body = $3, updated_by = $4, updated_at = now() WHERE id = $1 RETURNING *`,
      [s.id, s.name, s.body, s.by],
    );
    return rows[0];
  });
}

export async function deleteSuite(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM scenario_suites WHERE id = $1 RETURNING id', [id])).length > 0;
}

export async function insertRun(
  db: Queryable,
  r: { id: string; suiteId: string; by: string; results: ScenarioResult[]; deadlineMs: number },
): Promise<RunRow> {
  const rows = await db.query<RunRow>(
    `INSERT INTO scenario_runs (id, suite_id, started_by, results, deadline_at)
     VALUES ($1, $2, $3, $4::jsonb, now() + $5 * interval '1 millisecond') RETURNING *`,
    [r.id, r.suiteId, r.by, jsonParam(r.results), r.deadlineMs],
  );
  return rows[0]!;
}

/** Rewrites the results so far; a status other than `running` finishes the run. */
export async function updateRun(
  db: Queryable,
  id: string,
  status: RunStatus,
  results: ScenarioResult[],
): Promise<void> {
  await db.query(
    `UPDATE scenario_runs SET status = $2, results = $3::jsonb,
       finished_at = CASE WHEN $2 = 'running' THEN NULL ELSE now() END WHERE id = $1`,
    [id, status, jsonParam(results)],
  );
}

export async function getRunRow(
  db: Queryable,
  id: string,
): Promise<(RunRow & { suite_name: string }) | null> {
  const rows = await db.query<RunRow & { suite_name: string }>(
    `SELECT ${RUN_COLUMNS}, s.name AS suite_name FROM scenario_runs r JOIN scenario_suites s ON s.id = r.suite_id
     WHERE r.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function listRunRows(db: Queryable, suiteId: string, limit = 50): Promise<RunRow[]> {
  return db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM scenario_runs r WHERE r.suite_id = $1 ORDER BY r.started_at DESC, r.id DESC LIMIT $2`,
    [suiteId, limit],
  );
}
