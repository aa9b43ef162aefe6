import 'server-only';
import type { ReplayNote } from '@/lib/console/replay';
import { iso, type Queryable } from '.';
import type { Teammate } from './hitl-steps';

export async function listNotes(db: Queryable, conversationId: string): Promise<ReplayNote[]> {
  const rows = await db.query<Omit<ReplayNote, 'updated_at'> & { updated_at: Date }>(
    'SELECT seq, body, author, updated_at FROM replay_notes WHERE conversation_id = $1 ORDER BY seq',
    [conversationId],
  );
  return rows.map((r) => ({ ...r, updated_at: iso(r.updated_at)! }));
}

/** Writes the note of one step (last writer wins); an empty body deletes it and answers null. */
export async function saveNote(
  db: Queryable,
  conversationId: string,
  seq: number,
  body: string,
  by: Teammate,
): Promise<ReplayNote | null> {
  if (!body) {
    await db.query('DELETE FROM replay_notes WHERE conversation_id = $1 AND seq = $2', [conversationId, seq]);
    return null;
  }
  const rows = await db.query<Omit<ReplayNote, 'updated_at'> & { updated_at: Date }>(
    `INSERT INTO replay_notes (conversation_id, seq, body, author, author_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (conversation_id, seq) DO UPDATE
       SET body = excluded.body, author = excluded.author, author_id = excluded.author_id, updated_at = now()
     RETURNING seq, body, author, updated_at`,
    [conversationId, seq, body, by.actor, by.actorId],
  );
  const row = rows[0]!;
  return { ...row, updated_at: iso(row.updated_at)! };
}
