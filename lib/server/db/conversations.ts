import 'server-only';
import type { AttributeErrors, FinStatus, FinUser } from '@/lib/fin';
import type { Conversation, ConversationKind, StreamState } from '@/lib/console/types';
import { iso, type Queryable } from '.';
import { perStore } from './batch';

export interface ConversationRow {
  id: string;
  kind: ConversationKind;
  procedure_id: string | null;
  procedure_name: string | null;
  user_json: FinUser;
  status: FinStatus;
  status_at: Date | null;
  intercom_conversation_id: string | null;
  stream_state: StreamState;
  sse_url: string | null;
  warnings: AttributeErrors | null;
  last_seq: number;
  created_at: Date;
  updated_at: Date;
}

/** The browser's view of a row: everything except the upstream stream URL and bookkeeping. */
export function toConversation(r: ConversationRow): Conversation {
  return {
    id: r.id,
    kind: r.kind,
    procedure_id: r.procedure_id,
    procedure_name: r.procedure_name,
    user: r.user_json,
    status: r.status,
    intercom_conversation_id: r.intercom_conversation_id,
    stream_state: r.stream_state,
    warnings: r.warnings,
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  };
}

export async function getConversationRow(q: Queryable, id: string, forUpdate = false) {
  if (!forUpdate) return readRow(q, id);
  const rows = await q.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ?? null;
}

/** Plain row reads, a batch at a time (every follower reads its row at each cycle). */
const readRow = perStore<string, ConversationRow | null>(async (q, ids) => {
  const rows = await q.query<ConversationRow>('SELECT * FROM conversations WHERE id = ANY($1::text[])', [
    [...new Set(ids)],
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
});

export interface ConversationFilters {
  status?: string | undefined;
  procedure_id?: string | undefined;
  q?: string | undefined;
  limit?: number | undefined;
}

/** Newest first; `q` matches the console id or the Intercom id. */
export async function listConversations(db: Queryable, f: ConversationFilters): Promise<Conversation[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replaceAll('?', `$${params.length}`));
  };
  if (f.status) add('status = ?', f.status);
  if (f.procedure_id) add('procedure_id = ?', f.procedure_id);
  if (f.q) add(`(id ILIKE ? OR intercom_conversation_id ILIKE ?)`, `%${f.q.replace(/[\\%_]/g, '\\$&')}%`);
  params.push(Math.min(Math.max(f.limit ?? 200, 1), 500));
  const rows = await db.query<ConversationRow>(
    `SELECT * FROM conversations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(toConversation);
}

/** Lifecycle order used to break ties between status updates stamped with the same instant. */
export const STATUS_RANK: Record<FinStatus, number> = {
  thinking: 0,
  replying: 1,
  awaiting_user_reply: 2,
  escalated: 3,
  resolved: 3,
  complete: 4,
};

/** The ranks as the store's functions take them. */
export const RANKS = JSON.stringify(STATUS_RANK);

/** Conversations whose upstream stream should still be followed (after a restart or a lost owner). */
export async function listFollowable(db: Queryable): Promise<{ id: string }[]> {
  return db.query<{ id: string }>(
    `SELECT c.id FROM conversations c LEFT JOIN stream_leases l ON l.conversation_id = c.id
     WHERE c.sse_url IS NOT NULL AND c.stream_state IN ('connecting', 'live', 'reconnecting')
       AND (l.conversation_id IS NULL OR l.expires_at < now())`,
  );
}
