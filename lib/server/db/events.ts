import 'server-only';
import { randomUUID } from 'node:crypto';
import { eventKey, type FinEvent, type FinStatus } from '@/lib/fin';
import type { ConsoleEvent, StoredEvent } from '@/lib/console/types';
import { iso, jsonParam, type Db, type Queryable } from '.';
import { statusApplies, type ConversationRow } from './conversations';

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
 * Returns null for a repeat.
 */
export function appendEvent(db: Db, input: AppendInput): Promise<AppendResult | null> {
  return db.transaction((tx) => appendEventIn(tx, input));
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

/** `appendEvent` inside a transaction the caller already holds (to record a note atomically with other rows). */
export async function appendEventIn(tx: Queryable, input: AppendInput): Promise<AppendResult | null> {
  const { conversationId, source, event } = input;
  const key = input.key ?? keyOf(event);
  const userId = 'user_id' in event ? event.user_id : 'unknown';
  const at = instant(event.created_at_ms);
  const status = statusOf(event);
  // Two statements under one row lock (round trips matter: this runs for every event).
  {
    const [current] = await tx.query<ConversationRow>(
      `INSERT INTO conversations (id, kind, user_json, status, status_at)
       VALUES ($1, 'external', $2::jsonb, $3, $4)
       ON CONFLICT (id) DO UPDATE SET last_seq = conversations.last_seq RETURNING *`,
      [conversationId, jsonParam({ id: userId }), status ?? 'thinking', status ? at : null],
    );
    const applies = status !== null && statusApplies(current!, { status, at });
    const changed = applies && status !== current!.status;
    const [row] = await tx.query<ConversationRow & { event_received_at: Date }>(
      `WITH e AS (
         INSERT INTO events (conversation_id, seq, key, source, payload, created_at_ms)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)
         ON CONFLICT (conversation_id, key) DO NOTHING RETURNING seq, received_at
       )
       UPDATE conversations c SET last_seq = e.seq,
         status = CASE WHEN $7 THEN $8 ELSE c.status END,
         status_at = CASE WHEN $9 THEN $6 ELSE c.status_at END,
         updated_at = CASE WHEN $7 THEN now() ELSE c.updated_at END
       FROM e WHERE c.id = $1
       RETURNING c.*, e.received_at AS event_received_at`,
      [
        conversationId,
        current!.last_seq + 1,
        key,
        source,
        jsonParam(event),
        at,
        changed,
        status ?? current!.status,
        applies,
      ],
    );
    if (!row) return null;
    const { event_received_at, ...conversation } = row;
    const stored: StoredEvent = {
      seq: conversation.last_seq,
      conversation_id: conversationId,
      key,
      source,
      event,
      received_at: iso(event_received_at)!,
    };
    return { stored, conversation, conversationChanged: changed };
  }
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
