/**
 * SSE message names of the console's own streams. `/api/conversations/:id/stream` sends `fin`
 * (data: StoredEvent, id: its seq) and `conversation` (data: Conversation);
 * `/api/hitl-steps/stream` sends `created` and `updated` (data: HitlStep).
 */
export const CONSOLE_SSE_EVENTS = {
  event: 'fin',
  conversation: 'conversation',
  hitlCreated: 'created',
  hitlUpdated: 'updated',
} as const;
