import 'server-only';
import { setMaxListeners } from 'node:events';
import { eventKey, type ReceivedFinEvent } from '@/lib/fin';
import type { ConsoleEvent, StoredEvent, StreamState } from '@/lib/console/types';
import type { Db } from './db';
import { getConversationRow, listFollowable, toConversation, type ConversationRow } from './db/conversations';
import {
  appendEvents,
  recordConversation,
  type AppendInput,
  type HubResult,
  type HubWrite,
  type RecordConversationInput,
} from './db/events';
import type { DriftSink } from './drift';
import { toHitlStep, type HitlStepRow } from './db/hitl-steps';
import { dropLease, takeLease } from './db/records';
import { Fanout, type ConversationMessage, type HitlMessage } from './fanout';
import { GroupCommit } from './group-commit';
import { log } from './log';
import { STREAM_RECHECK_MS, StreamGuard } from './stream-guard';
import { sleep, UpstreamFollower, type FollowerPorts, type FollowerRow } from './upstream-follower';
import { readUpstream } from './upstream-stream';

export interface EventHubOptions {
  db: Db;
  instanceId: string;
  leaseTtlMs?: number;
  sweepMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  maxReconnects?: number;
  connectTimeoutMs?: number;
  /** How long a follower whose cycle ended stays parked (lease kept, no connection) for the next cycle's URL. */
  parkMs?: number;
  drift?: DriftSink;
  streamsPerPrincipal?: number;
  streamRecheckMs?: number;
}

/** How long a relayed event may wait for company when the store is idle (docs/decisions/benchmarks.md). */
export const APPEND_LINGER_MS = 20;

/** Stores every event once whichever channel brings it, follows upstream streams, and fans changes out. */
export class EventHub {
  readonly fanout: Fanout;
  readonly streams: StreamGuard;
  private readonly followers = new Map<string, UpstreamFollower>();
  private readonly stopping = new AbortController();
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly o: Required<
    Omit<EventHubOptions, 'db' | 'instanceId' | 'drift' | 'streamsPerPrincipal' | 'streamRecheckMs'>
  >;
  // Relayed events went out live already: one may wait briefly to share an append with others.
  // Followers' stream states ride in the same batches, in order with their events. The embedded
  // store runs statements in the order sent, so a second batch can queue behind the first; across
  // PostgreSQL's pooled connections two batches could commit out of order.
  private readonly appends: GroupCommit<HubWrite, HubResult | null>;

  constructor(private readonly opts: EventHubOptions) {
    this.appends = new GroupCommit(
      async (inputs) => {
        const results = await appendEvents(this.db, inputs);
        for (const result of results) if (result) this.announce(result);
        return results;
      },
      { lingerMs: APPEND_LINGER_MS, inFlight: opts.db.kind === 'pglite' ? 2 : 1 },
    );
    // Each live follower listens for the hub stopping: one listener per stream, not a leak.
    setMaxListeners(0, this.stopping.signal);
    this.fanout = new Fanout(opts.db, opts.instanceId);
    this.streams = new StreamGuard({
      maxPerOwner: opts.streamsPerPrincipal ?? Number.POSITIVE_INFINITY,
      recheckMs: opts.streamRecheckMs ?? STREAM_RECHECK_MS,
    });
    this.fanout.watchCredentials((owner) => void this.streams.recheck(owner));
    this.o = {
      leaseTtlMs: opts.leaseTtlMs ?? 30_000,
      sweepMs: opts.sweepMs ?? 5_000,
      reconnectBaseMs: opts.reconnectBaseMs ?? 250,
      reconnectMaxMs: opts.reconnectMaxMs ?? 5_000,
      maxReconnects: opts.maxReconnects ?? 20,
      connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
      parkMs: opts.parkMs ?? 60_000,
    };
    // A new cycle recorded on another instance wakes the follower parked here (it holds the lease).
    this.fanout.watchConversations((c) => {
      const follower = this.followers.get(c.id);
      if (follower?.parked && c.stream_state === 'connecting') follower.poke();
    });
  }

  private get db() {
    return this.opts.db;
  }

  async start(): Promise<void> {
    await this.fanout.start();
    this.streams.start();
    // The embedded store belongs to one process, so leases left by a previous run are stale.
    if (this.db.kind === 'pglite') await this.db.query('DELETE FROM stream_leases');
    await this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), this.o.sweepMs);
    this.sweepTimer.unref();
  }

  async close(): Promise<void> {
    this.stopping.abort();
    this.streams.close();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await Promise.allSettled([...this.followers.values()].map((f) => f.done));
    await this.fanout.close();
  }

  isFollowing(conversationId: string): boolean {
    const follower = this.followers.get(conversationId);
    return !!follower && !follower.parked;
  }

  /** The one way events enter the store: an event (null for a repeat), or a Fin answer's conversation and notes in one statement. */
  ingest(
    conversationId: string,
    event: ReceivedFinEvent | ConsoleEvent,
    source: StoredEvent['source'],
    extra?: Pick<AppendInput, 'key' | 'delivery'>,
  ): Promise<StoredEvent | null>;
  ingest(answer: { conversation: RecordConversationInput; notes: ConsoleEvent[] }): Promise<ConversationRow>;
  async ingest(
    first: string | { conversation: RecordConversationInput; notes: ConsoleEvent[] },
    event?: ReceivedFinEvent | ConsoleEvent,
    source?: StoredEvent['source'],
    extra: Pick<AppendInput, 'key' | 'delivery'> = {},
  ): Promise<StoredEvent | ConversationRow | null> {
    if (typeof first !== 'string') {
      const { row, appended } = await recordConversation(this.db, first.conversation, first.notes);
      this.publishConversation(row);
      for (const result of appended) this.announce(result);
      return row;
    }
    const result = await this.appends.add(
      { conversationId: first, source: source!, event: event!, ...extra },
      { linger: source === 'sse' },
    );
    return result?.stored ?? null;
  }

  /** Where a conversation's timeline stands: after every event already on its way to the store. */
  async lastSeq(conversationId: string): Promise<number> {
    const result = await this.appends.add({ conversationId, read: 'last_seq' });
    return result && 'lastSeq' in result ? result.lastSeq : 0;
  }

  private announce(result: HubResult): void {
    if (result.stored) this.fanout.publishEvent(result.stored);
    if (result.conversation) this.fanout.publishConversation(toConversation(result.conversation));
  }

  publishConversation(row: ConversationRow): void {
    this.fanout.publishConversation(toConversation(row));
  }

  publishHitl(type: HitlMessage['type'], row: HitlStepRow): void {
    this.fanout.publishHitl(type, toHitlStep(row));
  }

  subscribeConversation(id: string, fn: (m: ConversationMessage) => void): () => void {
    return this.fanout.subscribeConversation(id, fn);
  }

  subscribeHitl(fn: (m: HitlMessage) => void): () => void {
    return this.fanout.subscribeHitl(fn);
  }

  /** `row`, when the caller has just written it, spares the follower a read of the store. */
  follow(conversationId: string, row?: FollowerRow): void {
    const existing = this.followers.get(conversationId);
    if (existing) return existing.poke(row);
    void this.tryFollow(conversationId, 10, row);
  }

  private async tryFollow(id: string, attempts: number, row?: FollowerRow): Promise<void> {
    for (let i = 0; i < attempts && !this.stopping.signal.aborted; i++) {
      if (this.followers.has(id)) return this.followers.get(id)!.poke(row);
      try {
        if (await this.takeLease(id)) {
          if (!this.followers.has(id)) this.startFollower(id, row);
          return;
        }
      } catch (error) {
        log.warn(`Could not take the stream lease of ${id}`, String(error));
      }
      await sleep(300, this.stopping.signal);
    }
  }

  // The embedded store belongs to this process alone: no other instance can follow its streams.
  private takeLease(id: string): Promise<boolean> {
    if (this.db.kind === 'pglite') return Promise.resolve(true);
    return takeLease(this.db, id, this.opts.instanceId, this.o.leaseTtlMs);
  }

  private async sweep(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    try {
      for (const { id } of await listFollowable(this.db)) {
        if (!this.followers.has(id)) await this.tryFollow(id, 1);
      }
    } catch (error) {
      if (!this.stopping.signal.aborted) log.warn('Stream sweep failed', String(error));
    }
  }

  private startFollower(id: string, hint?: FollowerRow): void {
    const ports: FollowerPorts = {
      row: () => getConversationRow(this.db, id),
      setState: (state, url) => this.setState(id, state, url),
      read: (url, on) =>
        readUpstream(url, {
          ...on,
          connectTimeoutMs: this.o.connectTimeoutMs,
          conversationId: id,
          ...(this.opts.drift ? { onDrift: this.opts.drift } : {}),
        }),
      store: (event) => this.ingest(id, event, 'sse'),
      relay: (event) =>
        this.fanout.publishLive({
          conversation_id: id,
          key: eventKey(event),
          source: 'sse',
          event,
          received_at: new Date().toISOString(),
        }),
      renewLease: () => this.takeLease(id),
      releaseLease: async () => {
        if (this.db.kind !== 'pglite') await dropLease(this.db, id, this.opts.instanceId);
      },
    };
    const follower = new UpstreamFollower(
      id,
      ports,
      this.o,
      this.stopping.signal,
      (state) => {
        if (state === 'done') this.followers.delete(id);
      },
      hint,
    );
    this.followers.set(id, follower);
  }

  /** Announced with the batch it was written in, like an event's status change; it may wait for the cycle's events as they may for it. */
  private async setState(id: string, state: StreamState, url: string): Promise<void> {
    await this.appends.add({ conversationId: id, state, url }, { linger: true });
  }
}
