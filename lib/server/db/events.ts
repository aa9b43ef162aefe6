import 'server-only';
import { randomUUID } from 'node:crypto';
import { eventKey, type FinEvent, type FinStatus } from '@/lib/fin';
import type { ConsoleEvent, StoredEvent } from '@/lib/console/types';
import { iso, jsonParam, type Db, type Queryable } from '.';
import { STATUS_RANK, type ConversationRow } from './conversations';

type EventSource = StoredEvent['source'];

interface EventRow {
  conversation_id: string;
  seq: number;
  key: string;
  source: EventSource;
  payload: StoredEvent['event'];
  received_at: Date;
}

const toStoredEvent = (r: EventRow): StoredEvent => ({
  seq: r.seq,
  conversation_id: r.conversation_id,
  key: r.key,
  source: r.source,
  event: r.payload,
  received_at: iso(r.received_at)!,
});

/** The status a Fin event moves its conversation to, if any. */
function statusOf(e: FinEvent | ConsoleEvent): FinStatus | null {
  if (e.event_name === 'fin_status_updated' || e.event_name === 'fin_replied') return e.status;
  return null;
}

const instant = (v: string): Date | null => {
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t);
};

export interface AppendResult {
  stored: StoredEvent;
  conversation: ConversationRow;
  /** Status changed, so subscribers should get the conversation again. */
  conversationChanged: boolean;
}

/**
 * Stores an event once per conversation (deduped on its key whichever channel brought it) and
 * gives it the next seq under the conversation's row lock, so arrival order is gapless even with
 * several writers. Unknown conversations get a minimal row: nothing Fin sends is dropped.
 * Returns null for a repeat. One statement, so no transaction of its own.
 */
export function appendEvent(db: Db, input: AppendInput): Promise<AppendResult | null> {
  return appendEventIn(db, input);
}

export interface AppendInput {
  conversationId: string;
  source: EventSource;
  event: FinEvent | ConsoleEvent;
  /** Defaults to `eventKey` for Fin events and a fresh unique key for console notes. */
  key?: string;
}

/** The key an event is deduplicated on: Fin's own identity, or a unique one for a console note. */
export const keyOf = (event: FinEvent | ConsoleEvent): string =>
  event.event_name.startsWith('console_') ? `console:${randomUUID()}` : eventKey(event as FinEvent);

/** `statusApplies` over the locked row: $5 the event's time, $6 its status (null: none), $7 that status's rank. */
const STATUS_APPLIES_SQL = `COALESCE($6::text IS NOT NULL AND (status_at IS NULL OR $5::timestamptz IS NULL
  OR $5::timestamptz > status_at
  OR ($5::timestamptz = status_at AND $7::int >= CASE status ${Object.entries(STATUS_RANK)
    .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
    .join(' ')} END)), false)`;

/**
 * The whole append in one round trip (this runs for every event): lock the conversation row,
 * decide whether the event's status applies, insert the event with the next seq unless its key
 * is already stored, and move the row on. `found` is 0 when the conversation has no row yet.
 */
const APPEND_SQL = `WITH cur AS (
    SELECT last_seq, status, status_at FROM conversations WHERE id = $1 FOR UPDATE
  ), f AS (
    SELECT last_seq, status AS old_status, ${STATUS_APPLIES_SQL} AS applies FROM cur
  ), e AS (
    INSERT INTO events (conversation_id, seq, key, source, payload, created_at_ms)
    SELECT $1, f.last_seq + 1, $2, $3, $4::jsonb, $5 FROM f
    ON CONFLICT (conversation_id, key) DO NOTHING RETURNING seq, received_at
  ), u AS (
    UPDATE conversations c SET last_seq = e.seq,
      status = CASE WHEN f.applies AND $6::text IS DISTINCT FROM f.old_status THEN $6 ELSE c.status END,
      status_at = CASE WHEN f.applies THEN $5 ELSE c.status_at END,
      updated_at = CASE WHEN f.applies AND $6::text IS DISTINCT FROM f.old_status THEN now() ELSE c.updated_at END
    FROM e, f WHERE c.id = $1
    RETURNING c.*, e.received_at AS event_received_at, (f.applies AND $6::text IS DISTINCT FROM f.old_status) AS changed
  )
  SELECT (SELECT count(*) FROM cur)::int AS found, u.* FROM (SELECT 1) AS one LEFT JOIN u ON true`;

type AppendRow = Partial<ConversationRow> & {
  found: number;
  event_received_at: Date | null;
  changed: boolean | null;
};

/** `appendEvent` inside a transaction the caller already holds (to record a note atomically with other rows). */
export async function appendEventIn(tx: Queryable, input: AppendInput): Promise<AppendResult | null> {
  const { conversationId, source, event } = input;
  const key = input.key ?? keyOf(event);
  const at = instant(event.created_at_ms);
  const status = statusOf(event);
  const params = [
    conversationId,
    key,
    source,
    jsonParam(event),
    at,
    status,
    status ? STATUS_RANK[status] : null,
  ];
  let [row] = await tx.query<AppendRow>(APPEND_SQL, params);
  if (row?.found === 0) {
    // First word of a conversation the console did not start: a minimal row, then the append.
    const userId = 'user_id' in event ? event.user_id : 'unknown';
    await tx.query(
      `INSERT INTO conversations (id, kind, user_json, status, status_at)
       VALUES ($1, 'external', $2::jsonb, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [conversationId, jsonParam({ id: userId }), status ?? 'thinking', status ? at : null],
    );
    [row] = await tx.query<AppendRow>(APPEND_SQL, params);
  }
  if (!row?.id) return null;
  const { found: _found, event_received_at, changed, ...conversation } = row;
  const stored: StoredEvent = {
    seq: conversation.last_seq!,
    conversation_id: conversationId,
    key,
    source,
    event,
    received_at: iso(event_received_at)!,
  };
  return { stored, conversation: conversation as ConversationRow, conversationChanged: changed === true };
}

/** Stored events in arrival order, after a seq the reader already has. */
export async function listEvents(
  db: Queryable,
  conversationId: string,
  afterSeq = 0,
): Promise<StoredEvent[]> {
  const rows = await db.query<EventRow>(
    'SELECT * FROM events WHERE conversation_id = $1 AND seq > $2 ORDER BY seq',
    [conversationId, afterSeq],
  );
  return rows.map(toStoredEvent);
}

export async function getEvent(
  db: Queryable,
  conversationId: string,
  seq: number,
): Promise<StoredEvent | null> {
  const rows = await db.query<EventRow>('SELECT * FROM events WHERE conversation_id = $1 AND seq = $2', [
    conversationId,
    seq,
  ]);
  return rows[0] ? toStoredEvent(rows[0]) : null;
}
