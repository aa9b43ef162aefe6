import 'server-only';
import { EventEmitter } from 'node:events';
import type { Conversation, HitlStep, LiveEvent, StoredEvent } from '@/lib/console/types';
import type { Db } from './db';
import { getConversationRow, toConversation } from './db/conversations';
import { getEvent } from './db/events';
import { getStepRow, toHitlStep } from './db/hitl-steps';
import { log } from './log';

export type ConversationMessage =
  | { type: 'event'; event: StoredEvent }
  | { type: 'live'; event: LiveEvent }
  | { type: 'conversation'; conversation: Conversation };
export type HitlMessage = { type: 'created' | 'updated'; step: HitlStep };

/** What crosses instances: a pointer to a stored row (NOTIFY payloads are small), read back by each receiver. */
type Notice =
  | { o: string; t: 'event'; id: string; seq: number }
  | { o: string; t: 'conversation'; id: string }
  | { o: string; t: 'created' | 'updated'; id: string }
  | { o: string; t: 'credentials'; id: string | null };

const CHANNEL = 'fin_console';
const ANY_CONVERSATION = 'any-conversation';
const CREDENTIALS = 'credentials';

/** Delivers changes in-process at once and, on Postgres, to other instances via LISTEN/NOTIFY, so every instance sees the same timeline. */
export class Fanout {
  private readonly emitter = new EventEmitter();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: Db,
    private readonly instanceId: string,
  ) {
    this.emitter.setMaxListeners(0);
  }

  async start(): Promise<void> {
    if (!this.db.pubsub) return;
    this.unlisten = await this.db.pubsub.listen(CHANNEL, (payload) => void this.receive(payload));
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = null;
    this.emitter.removeAllListeners();
  }

  subscribeConversation(id: string, fn: (m: ConversationMessage) => void): () => void {
    this.emitter.on(`conversation:${id}`, fn);
    return () => this.emitter.off(`conversation:${id}`, fn);
  }

  /** Every conversation change on any instance, for the hub itself (not a browser stream: not counted). */
  watchConversations(fn: (c: Conversation) => void): () => void {
    this.emitter.on(ANY_CONVERSATION, fn);
    return () => this.emitter.off(ANY_CONVERSATION, fn);
  }

  subscribeHitl(fn: (m: HitlMessage) => void): () => void {
    this.emitter.on('hitl', fn);
    return () => this.emitter.off('hitl', fn);
  }

  /** Credential changes on any instance (an owner key, or null for any), for the stream guard. */
  watchCredentials(fn: (owner: string | null) => void): () => void {
    this.emitter.on(CREDENTIALS, fn);
    return () => this.emitter.off(CREDENTIALS, fn);
  }

  /** Someone's credentials changed (signed out, disabled, demoted, token revoked): streams re-check theirs. */
  publishCredentials(owner: string | null): void {
    this.emitter.emit(CREDENTIALS, owner);
    this.notify({ o: this.instanceId, t: CREDENTIALS, id: owner });
  }

  subscriberCount(conversationId?: string): number {
    return this.emitter.listenerCount(conversationId ? `conversation:${conversationId}` : 'hitl');
  }

  publishEvent(event: StoredEvent): void {
    this.emitter.emit(`conversation:${event.conversation_id}`, {
      type: 'event',
      event,
    } satisfies ConversationMessage);
    this.notify({ o: this.instanceId, t: 'event', id: event.conversation_id, seq: event.seq });
  }

  /** An upstream event as soon as it is read, before it is stored: to this instance's browser streams only. */
  publishLive(event: LiveEvent): void {
    this.emitter.emit(`conversation:${event.conversation_id}`, {
      type: 'live',
      event,
    } satisfies ConversationMessage);
  }

  publishConversation(conversation: Conversation): void {
    this.emitter.emit(`conversation:${conversation.id}`, {
      type: 'conversation',
      conversation,
    } satisfies ConversationMessage);
    this.emitter.emit(ANY_CONVERSATION, conversation);
    this.notify({ o: this.instanceId, t: 'conversation', id: conversation.id });
  }

  publishHitl(type: HitlMessage['type'], step: HitlStep): void {
    this.emitter.emit('hitl', { type, step } satisfies HitlMessage);
    this.notify({ o: this.instanceId, t: type, id: step.step_id });
  }

  private notify(notice: Notice) {
    this.db.pubsub
      ?.notify(CHANNEL, JSON.stringify(notice))
      .catch((error) => log.warn('NOTIFY failed', String(error)));
  }

  private async receive(payload: string) {
    let n: Notice;
    try {
      n = JSON.parse(payload) as Notice;
    } catch {
      return;
    }
    if (n.o === this.instanceId) return;
    if (n.t === CREDENTIALS) return void this.emitter.emit(CREDENTIALS, n.id);
    try {
      if (n.t === 'event') {
        const event = await getEvent(this.db, n.id, n.seq);
        if (event)
          this.emitter.emit(`conversation:${n.id}`, { type: 'event', event } satisfies ConversationMessage);
      } else if (n.t === 'conversation') {
        const row = await getConversationRow(this.db, n.id);
        if (row) {
          const conversation = toConversation(row);
          this.emitter.emit(`conversation:${n.id}`, {
            type: 'conversation',
            conversation,
          } satisfies ConversationMessage);
          this.emitter.emit(ANY_CONVERSATION, conversation);
        }
      } else {
        const row = await getStepRow(this.db, n.id);
        if (row) this.emitter.emit('hitl', { type: n.t, step: toHitlStep(row) } satisfies HitlMessage);
      }
    } catch (error) {
      log.warn('Could not relay a change from another instance', String(error));
    }
  }
}
