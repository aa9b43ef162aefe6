/**
 * Shapes of the console's own API (route handlers under /api/ other than the /api/fin proxy),
 * shared by the server and the browser.
 */
import { z } from 'zod';
import {
  assigneeSchema,
  attributeErrorsSchema,
  attributeValueSchema,
  finStatusSchema,
  finUserSchema,
  hitlAttributeSchema,
  receivedFinEventSchema,
  recentMessageSchema,
} from '@/lib/fin';

/** `external`: first seen through a webhook or call the console did not start (never dropped). */
export const conversationKindSchema = z.enum(['procedure', 'ask', 'start', 'escalation', 'external']);
export type ConversationKind = z.infer<typeof conversationKindSchema>;

/** How the console's follower of the upstream stream stands. */
export const streamStateSchema = z.enum(['connecting', 'live', 'reconnecting', 'revoked', 'closed', 'none']);
export type StreamState = z.infer<typeof streamStateSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  kind: conversationKindSchema,
  procedure_id: z.string().nullable(),
  procedure_name: z.string().nullable(),
  user: finUserSchema,
  status: finStatusSchema,
  intercom_conversation_id: z.string().nullable(),
  stream_state: streamStateSchema,
  warnings: attributeErrorsSchema.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** Notes the console adds to a conversation's log beside Fin's own events. */
export const consoleEventSchema = z.discriminatedUnion('event_name', [
  z.object({
    event_name: z.literal('console_user_message'),
    body: z.string(),
    author: z.string(),
    created_at_ms: z.string(),
  }),
  z.object({
    event_name: z.literal('console_hitl_pending'),
    step_id: z.string(),
    hitl_question: z.string(),
    created_at_ms: z.string(),
  }),
  z.object({
    event_name: z.literal('console_hitl_answered'),
    step_id: z.string(),
    answered_by: z.string(),
    created_at_ms: z.string(),
  }),
  z.object({
    event_name: z.literal('console_escalation_requested'),
    context: z.string().nullable(),
    created_at_ms: z.string(),
  }),
  z.object({
    event_name: z.literal('console_csat_submitted'),
    rating: z.string(),
    remark: z.string().nullable(),
    created_at_ms: z.string(),
  }),
  z.object({
    event_name: z.literal('console_attribute_warnings'),
    errors: attributeErrorsSchema,
    created_at_ms: z.string(),
  }),
]);
export type ConsoleEvent = z.infer<typeof consoleEventSchema>;

export const eventSourceSchema = z.enum(['sse', 'webhook', 'console']);

export const storedEventSchema = z.object({
  /** Per-conversation order of arrival; the SSE `id` the browser resumes from. */
  seq: z.number().int(),
  conversation_id: z.string(),
  key: z.string(),
  source: eventSourceSchema,
  event: z.union([receivedFinEventSchema, consoleEventSchema]),
  received_at: z.string(),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;

/**
 * An upstream event relayed the moment the console reads it, before the store has given it a
 * seq (SSE `fin_live`, no id). Once written, the same stream says so with a `StoredAck`.
 */
export type LiveEvent = Omit<StoredEvent, 'seq'>;

/** SSE `fin_stored` (id: the seq): the event this stream sent live under `key` is stored. */
export type StoredAck = Pick<StoredEvent, 'key' | 'seq' | 'received_at'>;

export const conversationDetailSchema = z.object({
  conversation: conversationSchema,
  events: z.array(storedEventSchema),
});
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

/** `refused`: kept from its webhook but never answerable here (its callback is not the Fin API's); `outcome` says why. */
export const hitlStatusSchema = z.enum(['pending', 'submitting', 'submitted', 'failed', 'refused']);

/**
 * What ties a HITL step to a run: the Intercom id an answer carried, an inference from the
 * step's own facts, or a lead's choice.
 */
export const hitlLinkKindSchema = z.enum(['intercom_id', 'inferred', 'manual']);
export type HitlLinkKind = z.infer<typeof hitlLinkKindSchema>;

/** One fact behind a link or a candidate, with the figures that make it. */
export const linkEvidenceSchema = z.object({
  kind: z.enum(['intercom_id', 'same_conversation', 'procedure', 'user', 'timing', 'state', 'manual']),
  /** `for` supports the link, `against` weighs against it, `unknown` could not be checked. */
  weight: z.enum(['for', 'against', 'unknown']),
  detail: z.string(),
});
export type LinkEvidence = z.infer<typeof linkEvidenceSchema>;

export const hitlStepSchema = z.object({
  step_id: z.string(),
  /** The Intercom conversation id the webhook names. */
  conversation_id: z.string(),
  /** The console's (external) conversation id, when the console can link it. */
  external_conversation_id: z.string().nullable(),
  /** How `external_conversation_id` was found; null while the step is not linked. */
  link: hitlLinkKindSchema.nullable(),
  link_evidence: z.array(linkEvidenceSchema),
  /** The lead who set or cleared the link by hand. */
  linked_by: z.string().nullable(),
  procedure_name: z.string(),
  hitl_question: z.string(),
  attributes: z.array(hitlAttributeSchema),
  expires_at: z.number().nullable(),
  priority: z.enum(['priority', 'not_priority']).nullable(),
  assign_to: assigneeSchema.nullable(),
  conversation_url: z.string().nullable(),
  recent_messages: z.array(recentMessageSchema),
  status: hitlStatusSchema,
  claimed_by: z.string().nullable(),
  /** The account holding the claim (the name is only shown: two teammates may share one); null for none or a principal without one. */
  claimed_by_id: z.string().nullable(),
  claim_expires_at: z.string().nullable(),
  answered_by: z.string().nullable(),
  answered_at: z.string().nullable(),
  attribute_values: z.array(z.object({ identifier: z.string(), value: attributeValueSchema })).nullable(),
  outcome: z.string().nullable(),
  received_at: z.string(),
  /** Bumped by every change to the step: of two copies, the higher is the newer. */
  version: z.number().int(),
});
export type HitlStep = z.infer<typeof hitlStepSchema>;

/** A run a HITL step may belong to, as inference ranks it. */
export const linkCandidateSchema = z.object({
  conversation_id: z.string(),
  procedure_name: z.string().nullable(),
  user: finUserSchema,
  status: finStatusSchema,
  created_at: z.string(),
  score: z.number(),
  evidence: z.array(linkEvidenceSchema),
});
export type LinkCandidate = z.infer<typeof linkCandidateSchema>;

/** `GET /api/hitl-steps/:id/link`: the step's link and the runs it could be linked to. */
export const hitlLinkViewSchema = z.object({
  step: hitlStepSchema,
  candidates: z.array(linkCandidateSchema),
});
export type HitlLinkView = z.infer<typeof hitlLinkViewSchema>;

/** `PUT /api/hitl-steps/:id/link`: a lead links the step to a conversation, or marks it not linked (null). */
export const hitlLinkBodySchema = z.strictObject({
  conversation_id: z.string().trim().min(1, { error: 'conversation_id must not be empty' }).nullable(),
});
export type HitlLinkBody = z.infer<typeof hitlLinkBodySchema>;

export const hitlSubmitBodySchema = z.object({
  attribute_values: z.array(z.object({ identifier: z.string().min(1), value: attributeValueSchema })),
});
export type HitlSubmitBody = z.infer<typeof hitlSubmitBodySchema>;

export { CONSOLE_SSE_EVENTS } from './sse-events';

/** One call the console made to the Fin API, for the inspector (token redacted). */
export const apiCallSchema = z.object({
  id: z.string(),
  conversation_id: z.string().nullable(),
  method: z.string(),
  url: z.string(),
  request_body: z.unknown(),
  status: z.number().nullable(),
  response_body: z.unknown(),
  duration_ms: z.number(),
  created_at: z.string(),
});
export type ApiCall = z.infer<typeof apiCallSchema>;

/** One kind of mismatch between what Fin sent and the contract (`GET /api/drift`). */
export const driftItemSchema = z.object({
  /** The endpoint (`POST /fin/ask`), event (`sse fin_replied`) or webhook it was seen at. */
  where: z.string(),
  path: z.string(),
  expected: z.string(),
  received: z.string(),
  count: z.number().int(),
  first_seen: z.string(),
  last_seen: z.string(),
});
export type DriftItem = z.infer<typeof driftItemSchema>;
