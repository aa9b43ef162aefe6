import 'server-only';
import { EventEmitter } from 'node:events';
import type { Conversation, HitlStep, StoredEvent } from '@/lib/console/types';
import type { Db } from './db';
import { getConversationRows, toConversation } from './db/conversations';
import { getEvents, type AppendResult } from './db/events';
import { getStepRow, toHitlStep } from './db/hitl-steps';
import { log } from './log';

export type ConversationMessage =
  { type: 'event'; event: StoredEvent } | { type: 'conversation'; conversation: Conversation };
export type HitlMessage = { type: 'created' | 'updated'; step: HitlStep };

/** A pointer to a stored row (NOTIFY payloads are small), read back by each receiver. */
type Pointer = { t: 'event'; id: string; seq: number } | { t: 'conversation'; id: string };

/** What crosses instances: one step change, or every change of an appended batch in order. */
type Notice = { o: string; t: 'created' | 'updated'; id: string } | { o: string; t: 'batch'; n: Pointer[] };

const CHANNEL = 'fin_console';
/** Postgres caps a NOTIFY payload at 8,000 bytes; a larger batch goes as several notices. */
const MAX_NOTICE_BYTES = 7000;

/**
 * Delivers changes to subscribers in this process at once and, on Postgres, to every other
 * console instance through LISTEN/NOTIFY, so a browser sees the same live timeline and inbox
 * whichever instance it is connected to.
 */
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

  subscribeHitl(fn: (m: HitlMessage) => void): () => void {
    this.emitter.on('hitl', fn);
    return () => this.emitter.off('hitl', fn);
  }

  /** Open subscriptions (browser streams) on this instance, for one conversation or the inbox. */
  subscriberCount(conversationId?: string): number {
    return this.emitter.listenerCount(conversationId ? `conversation:${conversationId}` : 'hitl');
  }

  /**
   * Announces appended events (and each conversation whose status they changed) in order: to
   * this instance's subscribers at once, to other instances with one NOTIFY per batch.
   */
  publishAppended(results: AppendResult[]): void {
    const pointers: Pointer[] = [];
    for (const { stored, conversation, conversationChanged } of results) {
      this.emit(stored.conversation_id, { type: 'event', event: stored });
      pointers.push({ t: 'event', id: stored.conversation_id, seq: stored.seq });
      if (conversationChanged) {
        this.emit(conversation.id, { type: 'conversation', conversation: toConversation(conversation) });
        pointers.push({ t: 'conversation', id: conversation.id });
      }
    }
    this.notifyPointers(pointers);
  }

  publishConversation(conversation: Conversation): void {
    this.emit(conversation.id, { type: 'conversation', conversation });
    this.notifyPointers([{ t: 'conversation', id: conversation.id }]);
  }

  publishHitl(type: HitlMessage['type'], step: HitlStep): void {
    this.emitter.emit('hitl', { type, step } satisfies HitlMessage);
    this.notify({ o: this.instanceId, t: type, id: step.step_id });
  }

  private emit(conversationId: string, m: ConversationMessage) {
    this.emitter.emit(`conversation:${conversationId}`, m);
  }

  private notifyPointers(pointers: Pointer[]) {
    if (!this.db.pubsub || pointers.length === 0) return;
    let chunk: Pointer[] = [];
    let bytes = 0;
    for (const p of pointers) {
      const size = Buffer.byteLength(JSON.stringify(p)) + 1;
      if (chunk.length > 0 && bytes + size > MAX_NOTICE_BYTES) {
        this.notify({ o: this.instanceId, t: 'batch', n: chunk });
        chunk = [];
        bytes = 0;
      }
      chunk.push(p);
      bytes += size;
    }
    this.notify({ o: this.instanceId, t: 'batch', n: chunk });
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
    try {
      if (n.t === 'batch') {
        // Read back in two queries, then replayed in the sender's order.
        const events = await getEvents(
          this.db,
          n.n.filter((p) => p.t === 'event'),
        );
        const convIds = [...new Set(n.n.filter((p) => p.t === 'conversation').map((p) => p.id))];
        const rows = new Map((await getConversationRows(this.db, convIds)).map((r) => [r.id, r]));
        for (const p of n.n) {
          if (p.t === 'event') {
            const event = events.get(`${p.seq}:${p.id}`);
            if (event) this.emit(p.id, { type: 'event', event });
          } else {
            const row = rows.get(p.id);
            if (row) this.emit(p.id, { type: 'conversation', conversation: toConversation(row) });
          }
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
