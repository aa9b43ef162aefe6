import 'server-only';
import { randomUUID } from 'node:crypto';
import {
  eventKey,
  finStatusSchema,
  type AttributeErrors,
  type FinStatus,
  type FinUser,
  type ReceivedFinEvent,
} from '@/lib/fin';
import type { ConsoleEvent, ConversationKind, StoredEvent, StreamState } from '@/lib/console/types';
import { iso, jsonParam, type Queryable } from '.';
import { RANKS, STATUS_RANK, type ConversationRow } from './conversations';
import { deliveryRows, insertDeliveries, writeCycle, type DeliveryRecord } from './records';

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
function statusOf(e: ReceivedFinEvent | ConsoleEvent): FinStatus | null {
  if (e.event_name !== 'fin_status_updated' && e.event_name !== 'fin_replied') return null;
  // A status the contract does not list yet is stored with its event but does not move the conversation.
  const known = finStatusSchema.safeParse(e.status);
  return known.success ? known.data : null;
}

const instant = (v: string | null | undefined): Date | null => {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t);
};

export interface AppendResult {
  stored: StoredEvent;
  /** The row after the append, only when its status changed (so subscribers should get it again). */
  conversation: ConversationRow | null;
}

/** A stream state that changed: the row to announce. */
export interface StateResult {
  stored: null;
  conversation: ConversationRow;
}

export interface AppendInput {
  conversationId: string;
  source: EventSource;
  event: ReceivedFinEvent | ConsoleEvent;
  /** Defaults to `eventKey` for Fin events and a fresh unique key for console notes. */
  key?: string;
  /** The webhook delivery that brought the event, recorded as processed by the same statement. */
  delivery?: DeliveryRecord;
}

/** A follower's stream state, written with the appends in order; only while the row's stream URL is `url` (when given). */
export interface StreamStateInput {
  conversationId: string;
  state: StreamState;
  url: string | null;
}

/** Where a conversation's timeline stands, read in order after the writes sent before it. */
export interface SeqRead {
  conversationId: string;
  read: 'last_seq';
}

/** The seq of a conversation's last stored event (0 for none). */
export interface SeqResult {
  stored: null;
  conversation: null;
  lastSeq: number;
}

export type HubWrite = AppendInput | StreamStateInput | SeqRead;
export type HubResult = AppendResult | StateResult | SeqResult;

const isState = (w: HubWrite): w is StreamStateInput => 'state' in w;
const isRead = (w: HubWrite): w is SeqRead => 'read' in w;

/** The key an event is deduplicated on: Fin's own identity, or a unique one for a console note. */
export const keyOf = (event: ReceivedFinEvent | ConsoleEvent): string =>
  event.event_name.startsWith('console_') ? `console:${randomUUID()}` : eventKey(event as ReceivedFinEvent);

interface AppendRow {
  i: number;
  /** Null for a stream state, and for a read of a conversation with no row. */
  seq: number | null;
  received_at: Date | string | null;
  changed: boolean;
  /** The conversation row when its status or stream state changed, as jsonb (so its timestamps come back as text). */
  conversation: JsonRow | null;
}

type JsonRow = Omit<ConversationRow, 'status_at' | 'created_at' | 'updated_at'> & {
  status_at: string | null;
  created_at: string;
  updated_at: string;
};

/**
 * Stores events once per conversation with a gapless seq under its row lock (rows lock in id
 * order: no deadlock), and stream states in order with them; null for a repeat or a state
 * that did not change.
 */
export function appendEvents(q: Queryable, inputs: AppendInput[]): Promise<(AppendResult | null)[]>;
export function appendEvents(q: Queryable, inputs: HubWrite[]): Promise<(HubResult | null)[]>;
export async function appendEvents(q: Queryable, inputs: HubWrite[]): Promise<(HubResult | null)[]> {
  if (inputs.length === 0) return [];
  const batch = toBatch(inputs);
  const deliveries = inputs.flatMap((input) =>
    'delivery' in input && input.delivery ? [input.delivery] : [],
  );
  const rows =
    deliveries.length === 0
      ? await q.query<AppendRow>(APPEND, [jsonParam(batch.items), RANKS])
      : await q.query<AppendRow>(APPEND_AND_RECORD, [
          jsonParam(batch.items),
          RANKS,
          jsonParam(deliveryRows(deliveries)),
        ]);
  return batch.results(rows);
}

const APPEND = 'SELECT * FROM console_append_events($1::jsonb, $2::jsonb)';
/** The same, recording each delivery in the same statement: marked processed only if its event is stored. */
const APPEND_AND_RECORD = `WITH recorded AS (${insertDeliveries('$3')}) ${APPEND}`;

function toBatch(inputs: HubWrite[]) {
  const keys = inputs.map((input) =>
    isState(input) || isRead(input) ? null : (input.key ?? keyOf(input.event)),
  );
  const items = inputs.map((input, i) => {
    if (isRead(input)) return { c: input.conversationId, rd: true };
    if (isState(input)) return { c: input.conversationId, ss: input.state, url: input.url };
    const { conversationId, event, source } = input;
    const status = statusOf(event);
    return {
      c: conversationId,
      k: keys[i],
      s: source,
      p: event,
      a: instant(event.created_at_ms)?.toISOString() ?? null,
      st: status,
      r: status ? STATUS_RANK[status] : null,
      u: ('user_id' in event ? event.user_id : null) ?? 'unknown',
    };
  });
  const results = (rows: AppendRow[]): (HubResult | null)[] => {
    const out: (HubResult | null)[] = inputs.map(() => null);
    for (const { i, seq, received_at, conversation } of rows) {
      const input = inputs[i];
      if (!input) continue;
      if (isRead(input)) {
        out[i] = { stored: null, conversation: null, lastSeq: seq ?? 0 };
        continue;
      }
      if (isState(input) || seq === null) {
        out[i] = conversation && { stored: null, conversation: rowFromJson(conversation) };
        continue;
      }
      out[i] = {
        stored: {
          seq,
          conversation_id: input.conversationId,
          key: keys[i]!,
          source: input.source,
          event: input.event,
          received_at: iso(received_at)!,
        },
        conversation: conversation && rowFromJson(conversation),
      };
    }
    return out;
  };
  return { items, results };
}

const rowFromJson = (c: JsonRow): ConversationRow => ({
  ...c,
  status_at: c.status_at === null ? null : new Date(c.status_at),
  created_at: new Date(c.created_at),
  updated_at: new Date(c.updated_at),
});

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

/** Records a Fin API answer and the console's notes in one statement, merging with a webhook-made row: an older status never wins. */
export async function recordConversation(
  q: Queryable,
  input: RecordConversationInput,
  notes: ConsoleEvent[] = [],
): Promise<{ row: ConversationRow; appended: AppendResult[] }> {
  const batch = toBatch(notes.map((event) => ({ conversationId: input.id, source: 'console', event })));
  const rows = await writeCycle<AppendRow>(q, {
    record: {
      id: input.id,
      input: {
        id: input.id,
        kind: input.kind,
        procedure_id: input.procedure_id ?? null,
        procedure_name: input.procedure_name ?? null,
        user: input.user,
        status: input.status,
        status_at: input.status_at?.toISOString() ?? null,
        intercom_conversation_id: input.intercom_conversation_id ?? null,
        sse_url: input.sse_url ?? null,
        warnings: input.warnings ?? null,
        new_cycle: input.newCycle ?? false,
      },
      notes: batch.items,
    },
  });
  const recorded = rows.find((r) => r.i === -1)?.conversation;
  if (!recorded) throw new Error(`Recording conversation ${input.id} returned no row`);
  const appended = batch.results(rows).filter((r): r is AppendResult => r?.stored != null);
  return { row: rowFromJson(recorded), appended };
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
