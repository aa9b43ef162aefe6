import { z } from 'zod';
import { csatRatingSchema } from './common';
import { contractIssues, type ContractIssue } from './drift';

export const statusUpdatedEventSchema = z.object({
  event_name: z.literal('fin_status_updated'),
  conversation_id: z.string(),
  user_id: z.string(),
  status: z.enum(['awaiting_user_reply', 'escalated', 'resolved', 'complete']),
  reason: z.string().optional(),
  created_at_ms: z.string(),
});

export const repliedEventSchema = z.object({
  event_name: z.literal('fin_replied'),
  conversation_id: z.string(),
  user_id: z.string(),
  message: z.object({
    id: z.string().optional(),
    author: z.literal('fin'),
    body: z.string(),
    timestamp_ms: z.string(),
  }),
  status: z.enum(['replying', 'awaiting_user_reply']),
  stream_id: z.string().optional(),
  created_at_ms: z.string(),
});

export const replyChunkEventSchema = z.object({
  event_name: z.literal('fin_reply_chunk'),
  conversation_id: z.string(),
  stream_id: z.string(),
  chunk_index: z.number().int().min(0),
  chunk_text: z.string(),
  status: z.literal('replying').optional(),
  created_at_ms: z.string(),
});

export const csatOptionSchema = z.object({ key: csatRatingSchema, emoji: z.string(), label: z.string() });

export const csatRequestedEventSchema = z.object({
  event_name: z.literal('csat_requested'),
  conversation_id: z.string(),
  user_id: z.string(),
  csat: z.object({ options: z.array(csatOptionSchema) }),
  created_at_ms: z.string(),
});

export const finEventSchema = z.discriminatedUnion('event_name', [
  statusUpdatedEventSchema,
  repliedEventSchema,
  replyChunkEventSchema,
  csatRequestedEventSchema,
]);
export type FinEvent = z.infer<typeof finEventSchema>;
export type StatusUpdatedEvent = z.infer<typeof statusUpdatedEventSchema>;
export type CsatRequestedEvent = z.infer<typeof csatRequestedEventSchema>;

/** What the console needs from each documented event; optional parts may be null, extra fields are kept. */
const text = z.string().nullish();
const conversationId = z.string().min(1);

const receivedStatusUpdatedSchema = z.looseObject({
  event_name: z.literal('fin_status_updated'),
  conversation_id: conversationId,
  user_id: text,
  status: z.string(),
  reason: text,
  created_at_ms: text,
});

const receivedRepliedSchema = z.looseObject({
  event_name: z.literal('fin_replied'),
  conversation_id: conversationId,
  user_id: text,
  message: z.looseObject({
    id: z.union([z.string(), z.number()]).nullish(),
    author: text,
    body: z.string(),
    timestamp_ms: text,
  }),
  status: text,
  stream_id: text,
  created_at_ms: text,
});

const receivedReplyChunkSchema = z.looseObject({
  event_name: z.literal('fin_reply_chunk'),
  conversation_id: conversationId,
  stream_id: z.string(),
  chunk_index: z.number().int().min(0),
  chunk_text: z.string(),
  status: text,
  created_at_ms: text,
});

const receivedCsatRequestedSchema = z.looseObject({
  event_name: z.literal('csat_requested'),
  conversation_id: conversationId,
  user_id: text,
  csat: z.looseObject({ options: z.array(z.looseObject({ key: z.string(), emoji: text, label: text })) }),
  created_at_ms: text,
});

/** An event of no documented kind the console can read (new, or missing what it uses): kept whole. */
export const otherFinEventSchema = z.object({
  event_name: z.literal('fin_other_event'),
  conversation_id: z.string(),
  name: z.string().nullable(),
  created_at_ms: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type OtherFinEvent = z.infer<typeof otherFinEventSchema>;

export const receivedFinEventSchema = z.discriminatedUnion('event_name', [
  receivedStatusUpdatedSchema,
  receivedRepliedSchema,
  receivedReplyChunkSchema,
  receivedCsatRequestedSchema,
  otherFinEventSchema,
]);
export type ReceivedFinEvent = z.infer<typeof receivedFinEventSchema>;

const lenientEventSchema = z.discriminatedUnion('event_name', [
  receivedStatusUpdatedSchema,
  receivedRepliedSchema,
  receivedReplyChunkSchema,
  receivedCsatRequestedSchema,
]);

/** The documented form is the bare event JSON; a realtime service may wrap it as `{..., data: "<json string>"}`. */
function unwrap(value: unknown): unknown {
  if (value && typeof value === 'object' && !('event_name' in value) && 'data' in value) {
    const inner = value.data;
    if (typeof inner !== 'string') return inner;
    try {
      return unwrap(JSON.parse(inner));
    } catch {
      return null;
    }
  }
  return value;
}

function parseJson(data: string): unknown {
  try {
    return unwrap(JSON.parse(data));
  } catch {
    return null;
  }
}

/** Parses one SSE `data` payload strictly against the contract (the simulator's own checks). */
export function parseEventData(data: string): FinEvent | null {
  const parsed = finEventSchema.safeParse(parseJson(data));
  return parsed.success ? parsed.data : null;
}

export interface EventReading {
  event: ReceivedFinEvent | null;
  name: string | null;
  issues: ContractIssue[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** Only an event that fails the strict parse is read again leniently and checked for drift.
 * `conversationId`: where an event naming none belongs (a stream is one conversation's). */
export function readEventData(data: string, conversationId?: string): EventReading {
  const value = parseJson(data);
  const name = isRecord(value) && typeof value.event_name === 'string' ? value.event_name : null;
  // A documented event is stored as it came, extra fields included (the strict parse would drop them).
  if (finEventSchema.safeParse(value).success) return { event: value as ReceivedFinEvent, name, issues: [] };
  const issues = contractIssues(finEventSchema, value);
  const lenient = lenientEventSchema.safeParse(value);
  if (lenient.success) return { event: value as ReceivedFinEvent, name, issues };
  const owner =
    isRecord(value) && typeof value.conversation_id === 'string' && value.conversation_id
      ? value.conversation_id
      : conversationId;
  if (!isRecord(value) || !owner) return { event: null, name, issues };
  const other: OtherFinEvent = {
    event_name: 'fin_other_event',
    conversation_id: owner,
    name,
    created_at_ms: typeof value.created_at_ms === 'string' ? value.created_at_ms : null,
    data: value,
  };
  return { event: other, name, issues };
}

function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The same key whichever channel (SSE or webhook) brought the event, so it is stored once. */
export function eventKey(e: ReceivedFinEvent): string {
  switch (e.event_name) {
    case 'fin_replied':
      return e.message.id != null
        ? `reply:${e.message.id}`
        : `reply:${e.stream_id ?? ''}:${e.message.timestamp_ms ?? digest(JSON.stringify(e))}`;
    case 'fin_reply_chunk':
      return `chunk:${e.stream_id}:${e.chunk_index}`;
    case 'fin_status_updated':
      return `status:${e.status}:${e.created_at_ms ?? digest(JSON.stringify(e))}`;
    case 'csat_requested':
      return `csat:${e.created_at_ms ?? digest(JSON.stringify(e))}`;
    case 'fin_other_event':
      return `other:${e.name ?? ''}:${digest(JSON.stringify(e.data))}`;
  }
}
