import { randomBytes, randomUUID } from 'node:crypto';

export const uuid = () => randomUUID();

/** 32 hex chars, the shape of the documented stream_id example. */
export const streamId = () => randomBytes(16).toString('hex');

/** Numeric-looking ids, as Intercom uses for messages, parts and conversations. */
export function createIdSource() {
  let message = 90_000;
  let conversation = 0;
  // A per-process random base keeps ids distinct across simulator restarts.
  const conversationBase = 215_473_000_000_000 + Math.floor(Math.random() * 800_000_000);
  return {
    messageId: () => String(++message),
    intercomConversationId: () => String(conversationBase + ++conversation * 7),
  };
}
export type IdSource = ReturnType<typeof createIdSource>;
