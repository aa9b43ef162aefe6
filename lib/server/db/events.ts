import 'server-only';
import { randomUUID } from 'node:crypto';
import { eventKey, type FinEvent, type FinStatus } from '@/lib/fin';
import type { ConsoleEvent, StoredEvent } from '@/lib/console/types';
import { iso, jsonParam, type Queryable } from '.';
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

/** One row of `console_append_events` (migration 004_perf): the input's index, or no row for a repeat. */
interface AppendRow {
  i: number;
  seq: number;
  received_at: Date | string;
  changed: boolean;
  /** The conversation row after the append, as jsonb (so its timestamps come back as text). */
  conversation: Omit<ConversationRow, 'status_at' | 'created_at' | 'updated_at'> & {
    status_at: string | null;
    created_at: string;
    updated_at: string;
  };
}

const RANKS = JSON.stringify(STATUS_RANK);

/**
 * Stores events once per conversation (deduped on their key whichever channel brought them) and
 * gives each the next seq under its conversation's row lock, so arrival order is gapless even
 * with several writers; a status never moves back. Unknown conversations get a minimal row:
 * nothing Fin sends is dropped. The batch is one statement, so no transaction of its own; the
 * PL/pgSQL function `console_append_events` (migration 004_perf) holds the rules. Its plans are prepared once
 * per connection, so even a batch of one costs about half of the equivalent CTE, which Postgres
 * plans anew each time; a batch of ten costs a tenth per event. Events of one conversation keep
 * their order in `inputs`; rows are locked in conversation id order, so concurrent batches
 * cannot deadlock. The result is aligned with `inputs`: null for a repeat.
 */
export async function appendEvents(q: Queryable, inputs: AppendInput[]): Promise<(AppendResult | null)[]> {
  if (inputs.length === 0) return [];
  const keys = inputs.map((input) => input.key ?? keyOf(input.event));
  const items = inputs.map(({ conversationId, event, source }, i) => {
    const status = statusOf(event);
    return {
      c: conversationId,
      k: keys[i],
      s: source,
      p: event,
      a: instant(event.created_at_ms)?.toISOString() ?? null,
      st: status,
      r: status ? STATUS_RANK[status] : null,
      u: 'user_id' in event ? event.user_id : 'unknown',
    };
  });
  const rows = await q.query<AppendRow>('SELECT * FROM console_append_events($1::jsonb, $2::jsonb)', [
    jsonParam(items),
    RANKS,
  ]);
  const out: (AppendResult | null)[] = inputs.map(() => null);
  for (const { i, seq, received_at, changed, conversation: c } of rows) {
    const input = inputs[i]!;
    out[i] = {
      stored: {
        seq,
        conversation_id: input.conversationId,
        key: keys[i]!,
        source: input.source,
        event: input.event,
        received_at: iso(received_at)!,
      },
      conversation: {
        ...c,
        status_at: c.status_at === null ? null : new Date(c.status_at),
        created_at: new Date(c.created_at),
        updated_at: new Date(c.updated_at),
      },
      conversationChanged: changed,
    };
  }
  return out;
}

/** One event, inside a transaction the caller holds (to record a note atomically with other rows). */
export async function appendEventIn(tx: Queryable, input: AppendInput): Promise<AppendResult | null> {
  return (await appendEvents(tx, [input]))[0] ?? null;
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
