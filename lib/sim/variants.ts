import { KNOWN_DATA_TYPES, type FinEvent, type HitlAttribute, type HitlNotification } from '@/lib/fin';
import type { Reply } from './http';
import type { LoggedEvent } from './state';

// The realism setting (FIN_SIM_VARIANTS=1 or `POST /_sim/variants`): what the references allow but
// the simulator otherwise never sends. Every variant is decided here; the rest of the simulator asks.
export class Variants {
  constructor(public enabled = false) {}
}

/** A field no reference names, as a newer Fin may add; clients must ignore it. */
export const EXTRA_FIELD = 'x_sim_extra';
const extra = () => ({ [EXTRA_FIELD]: { added_by: 'a newer Fin', at: 'variant' } });

export const UNKNOWN_EVENT_NAME = 'fin_sources_updated';

export const UNKNOWN_DATA_TYPE = 'file_upload';

const NULLABLE_ANSWER_FIELDS = ['errors'] as const;

/** Also: no `sse_subscription_url` on ask and escalate (webhooks carry those cycles). */
export function shapeAnswer(path: string, reply: Reply): Reply {
  if (reply.status !== 200) return reply;
  if (path.endsWith('/collect_agent_input')) return { status: 200, body: undefined };
  if (!reply.body || typeof reply.body !== 'object' || Array.isArray(reply.body)) return reply;
  const body: Record<string, unknown> = { ...(reply.body as Record<string, unknown>), ...extra() };
  if ('sse_subscription_url' in body) {
    for (const f of NULLABLE_ANSWER_FIELDS) body[f] ??= null;
    if (path === '/fin/ask' || path === '/fin/escalate') delete body.sse_subscription_url;
  }
  return { status: reply.status, body };
}

export function shapeEvent(event: FinEvent): FinEvent {
  const shaped: Record<string, unknown> = { ...event, ...extra() };
  if (event.event_name === 'fin_status_updated') shaped.reason ??= null;
  if (event.event_name === 'fin_replied') shaped.stream_id ??= null;
  return shaped as FinEvent;
}

/** The unknown event a cycle starts with; typed as an event because clients receive it as one. */
export function unknownEvent(conversationId: string, createdAtMs: string): FinEvent {
  return {
    event_name: UNKNOWN_EVENT_NAME,
    conversation_id: conversationId,
    sources: [{ type: 'article', title: 'Resetting your password' }],
    created_at_ms: createdAtMs,
  } as unknown as FinEvent;
}

/** Required fields are inferred (the reference marks none): the ones a client cannot do without. */
export function shapeHitl(item: HitlNotification): HitlNotification {
  const unknown: HitlAttribute = {
    type: 'data_attribute',
    identifier: `workflow_local_variables.${item.step_id}-attachment`,
    name: 'supporting_document',
    label: 'Supporting document',
    data_type: UNKNOWN_DATA_TYPE,
  };
  return {
    type: item.type,
    conversation_id: item.conversation_id,
    step_id: item.step_id,
    procedure_name: item.procedure_name,
    hitl_question: item.hitl_question,
    attributes_to_collect: [...item.attributes_to_collect, unknown],
    callback_url: item.callback_url,
  };
}

/** Not required, since no client can be expected to know how to collect an unknown type. */
export function unknownTypeIdentifiers(item: HitlNotification): Set<string> {
  const known: readonly string[] = KNOWN_DATA_TYPES;
  return new Set(
    item.attributes_to_collect.filter((a) => !known.includes(a.data_type)).map((a) => a.identifier),
  );
}

/** Every other event of a stream goes out in an Ably-style envelope whose `data` is the event as a string. */
export function sseData(rec: LoggedEvent, envelope: boolean): string {
  if (!envelope || rec.seq % 2 !== 0) return JSON.stringify(rec.event);
  return JSON.stringify({
    id: `sim:${rec.seq}:0`,
    name: 'message',
    timestamp: rec.atMs,
    encoding: 'json',
    data: JSON.stringify(rec.event),
  });
}
