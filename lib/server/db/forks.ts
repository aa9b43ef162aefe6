import 'server-only';
import type { AttributeValue } from '@/lib/fin';
import { jsonParam, type Queryable } from '.';

/** What-if forks: the link from a run to its replays with another HITL answer. */

export interface ForkRow {
  fork_id: string;
  source_id: string;
  step_id: string;
  question: string;
  attribute_values: { identifier: string; value: AttributeValue }[];
  created_by: string;
  created_at: Date;
  status: 'running' | 'finished' | 'error';
  reason: string | null;
}

export async function insertFork(
  db: Queryable,
  f: Pick<ForkRow, 'fork_id' | 'source_id' | 'step_id' | 'question' | 'attribute_values' | 'created_by'>,
): Promise<void> {
  await db.query(
    `INSERT INTO conversation_forks (fork_id, source_id, step_id, question, attribute_values, created_by)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    [f.fork_id, f.source_id, f.step_id, f.question, jsonParam(f.attribute_values), f.created_by],
  );
}

export async function finishFork(
  db: Queryable,
  forkId: string,
  status: 'finished' | 'error',
  reason: string | null,
): Promise<void> {
  await db.query('UPDATE conversation_forks SET status = $2, reason = $3 WHERE fork_id = $1', [
    forkId,
    status,
    reason,
  ]);
}

/** The newest first; a run is forked by hand, so a few hundred is plenty. */
export async function listForkRows(db: Queryable, sourceId: string): Promise<ForkRow[]> {
  return db.query<ForkRow>(
    'SELECT * FROM conversation_forks WHERE source_id = $1 ORDER BY created_at DESC, fork_id LIMIT 200',
    [sourceId],
  );
}
