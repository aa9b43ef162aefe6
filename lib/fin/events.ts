import { z } from 'zod';
import { csatRatingSchema } from './common';

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
export type FinEventName = FinEvent['event_name'];
export type StatusUpdatedEvent = z.infer<typeof statusUpdatedEventSchema>;
export type RepliedEvent = z.infer<typeof repliedEventSchema>;
export type ReplyChunkEvent = z.infer<typeof replyChunkEventSchema>;
export type CsatRequestedEvent = z.infer<typeof csatRequestedEventSchema>;

/**
 * Parses one SSE `data` payload. The documented form is the bare event JSON; a realtime
 * service may wrap it as `{..., data: "<json string>"}`, which is unwrapped here.
 */
export function parseEventData(data: string): FinEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (value && typeof value === 'object' && !('event_name' in value) && 'data' in value) {
    const inner = (value as { data: unknown }).data;
    if (typeof inner === 'string') return parseEventData(inner);
    value = inner;
  }
  const parsed = finEventSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * A stable key that identifies one event whichever channel (SSE or webhook) brought it:
 * message id for replies, stream id + index for chunks, content otherwise.
 */
export function eventKey(e: FinEvent): string {
  switch (e.event_name) {
    case 'fin_replied':
      return e.message.id ? `reply:${e.message.id}` : `reply:${e.stream_id ?? ''}:${e.message.timestamp_ms}`;
    case 'fin_reply_chunk':
      return `chunk:${e.stream_id}:${e.chunk_index}`;
    case 'fin_status_updated':
      return `status:${e.status}:${e.created_at_ms}`;
    case 'csat_requested':
      return `csat:${e.created_at_ms}`;
  }
}
