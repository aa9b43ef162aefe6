import 'server-only';
import type { AttributeErrors, FinStatus, FinUser } from '@/lib/fin';
import type { Conversation, ConversationKind, StreamState } from '@/lib/console/types';
import { iso, jsonParam, type Queryable } from '.';

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
  const rows = await q.query<ConversationRow>(
    `SELECT * FROM conversations WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

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

/**
 * Whether a status stamped `at` may replace the current one. Webhooks can arrive out of order,
 * so an older update never rolls the conversation back; `newCycle` (a reply) wins a tie.
 */
export function statusApplies(
  current: { status: FinStatus; status_at: Date | null },
  next: { status: FinStatus; at: Date | null },
  newCycle = false,
): boolean {
  if (!current.status_at || !next.at) return true;
  const a = next.at.getTime();
  const b = current.status_at.getTime();
  if (a !== b) return a > b;
  return newCycle || STATUS_RANK[next.status] >= STATUS_RANK[current.status];
}

export interface RecordConversationInput {
  id: string;
  kind: ConversationKind;
  procedure_id?: string | null;
  procedure_name?: string | null;
  user: FinUser;
  intercom_conversation_id?: string | null;
  sse_url?: string | null;
  status: FinStatus;
  status_at: Date | null;
  warnings?: AttributeErrors | null;
  /** A reply opens a new response cycle: its status wins over a same-instant one. */
  newCycle?: boolean;
}

/**
 * Records what a Fin API answer says about a conversation. Webhooks may have created the row
 * first (minimal, kind `external`), so this merges instead of overwriting newer status.
 */
export async function recordConversation(
  tx: Queryable,
  input: RecordConversationInput,
): Promise<ConversationRow> {
  await tx.query(
    `INSERT INTO conversations (id, kind, procedure_id, procedure_name, user_json, status, status_at, stream_state)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, 'none') ON CONFLICT (id) DO NOTHING`,
    [
      input.id,
      input.kind,
      input.procedure_id ?? null,
      input.procedure_name ?? null,
      jsonParam(input.user),
      input.status,
      input.status_at,
    ],
  );
  const current = (await getConversationRow(tx, input.id, true))!;
  const apply = statusApplies(current, { status: input.status, at: input.status_at }, input.newCycle);
  const rows = await tx.query<ConversationRow>(
    `UPDATE conversations SET
       kind = CASE WHEN kind = 'external' THEN $2 ELSE kind END,
       procedure_id = COALESCE($3, procedure_id),
       procedure_name = COALESCE($4, procedure_name),
       user_json = $5::jsonb,
       status = CASE WHEN $6 THEN $7 ELSE status END,
       status_at = CASE WHEN $6 THEN $8 ELSE status_at END,
       intercom_conversation_id = COALESCE($9, intercom_conversation_id),
       sse_url = COALESCE($10, sse_url),
       stream_state = CASE WHEN $10::text IS NOT NULL THEN 'connecting' ELSE stream_state END,
       warnings = COALESCE($11::jsonb, warnings),
       updated_at = now()
     WHERE id = $1 RETURNING *`,
    [
      input.id,
      input.kind,
      input.procedure_id ?? null,
      input.procedure_name ?? null,
      jsonParam(input.user),
      apply,
      input.status,
      input.status_at,
      input.intercom_conversation_id ?? null,
      input.sse_url ?? null,
      jsonParam(input.warnings),
    ],
  );
  return rows[0]!;
}

/** Sets the follower state; returns the row only when it actually changed (worth announcing). */
export async function setStreamState(
  db: Queryable,
  id: string,
  state: StreamState,
  opts: { onlyIfUrl?: string } = {},
): Promise<ConversationRow | null> {
  const rows = await db.query<ConversationRow>(
    `UPDATE conversations SET stream_state = $2, updated_at = now()
     WHERE id = $1 AND stream_state <> $2 AND ($3::text IS NULL OR sse_url = $3) RETURNING *`,
    [id, state, opts.onlyIfUrl ?? null],
  );
  return rows[0] ?? null;
}

/** Conversations whose upstream stream should still be followed (after a restart or a lost owner). */
export async function listFollowable(db: Queryable): Promise<{ id: string }[]> {
  return db.query<{ id: string }>(
    `SELECT c.id FROM conversations c LEFT JOIN stream_leases l ON l.conversation_id = c.id
     WHERE c.sse_url IS NOT NULL AND c.stream_state IN ('connecting', 'live', 'reconnecting')
       AND (l.conversation_id IS NULL OR l.expires_at < now())`,
  );
}
