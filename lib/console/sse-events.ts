/**
 * SSE message names of the console's own streams. `/api/conversations/:id/stream` sends `fin`
 * (data: StoredEvent, id: its seq), `fin_live` (data: LiveEvent, no id: an upstream event as soon
 * as it is read, before it is stored), `fin_stored` (data: StoredAck, id: the seq: the event this
 * stream sent live is stored, so it is not sent again) and `conversation` (data: Conversation);
 * `/api/hitl-steps/stream` sends `created` and `updated` (data: HitlStep).
 */
export const CONSOLE_SSE_EVENTS = {
  event: 'fin',
  live: 'fin_live',
  stored: 'fin_stored',
  conversation: 'conversation',
  hitlCreated: 'created',
  hitlUpdated: 'updated',
} as const;
