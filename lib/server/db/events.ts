import 'server-only';
import type { FinEvent, FinStatus } from '@/lib/fin';
import type { ConsoleEvent, StoredEvent } from '@/lib/console/types';
import { iso, jsonParam, type Db, type Queryable } from '.';
import { getConversationRow, statusApplies, type ConversationRow } from './conversations';

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
export async function appendEvent(
  db: Db,
  input: { conversationId: string; key: string; source: EventSource; event: FinEvent | ConsoleEvent },
): Promise<AppendResult | null> {
  const { conversationId, key, source, event } = input;
  const userId = 'user_id' in event ? event.user_id : 'unknown';
  const at = instant(event.created_at_ms);
  const status = statusOf(event);
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO conversations (id, kind, user_json, status, status_at)
       VALUES ($1, 'external', $2::jsonb, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [conversationId, jsonParam({ id: userId }), status ?? 'thinking', status ? at : null],
    );
    const current = (await getConversationRow(tx, conversationId, true))!;
    const inserted = await tx.query<EventRow>(
      `INSERT INTO events (conversation_id, seq, key, source, payload, created_at_ms)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (conversation_id, key) DO NOTHING RETURNING *`,
      [conversationId, current.last_seq + 1, key, source, jsonParam(event), at],
    );
    const row = inserted[0];
    if (!row) return null;
    const apply = status !== null && status !== current.status && statusApplies(current, { status, at });
    const advanceAt = status !== null && statusApplies(current, { status, at });
    const [conversation] = await tx.query<ConversationRow>(
      `UPDATE conversations SET last_seq = $2,
         status = CASE WHEN $3 THEN $4 ELSE status END,
         status_at = CASE WHEN $5 THEN $6 ELSE status_at END,
         updated_at = CASE WHEN $3 THEN now() ELSE updated_at END
       WHERE id = $1 RETURNING *`,
      [conversationId, row.seq, apply, status ?? current.status, advanceAt, at],
    );
    return { stored: toStoredEvent(row), conversation: conversation!, conversationChanged: apply };
  });
}

/** Stored events in arrival order, after a seq the reader already has. */
export async function listEvents(db: Queryable, conversationId: string, afterSeq = 0): Promise<StoredEvent[]> {
  const rows = await db.query<EventRow>(
    'SELECT * FROM events WHERE conversation_id = $1 AND seq > $2 ORDER BY seq',
    [conversationId, afterSeq],
  );
  return rows.map(toStoredEvent);
}

export async function getEvent(db: Queryable, conversationId: string, seq: number): Promise<StoredEvent | null> {
  const rows = await db.query<EventRow>('SELECT * FROM events WHERE conversation_id = $1 AND seq = $2', [conversationId, seq]);
  return rows[0] ? toStoredEvent(rows[0]) : null;
}
