import 'server-only';
import { setMaxListeners } from 'node:events';
import { eventKey, type ReceivedFinEvent } from '@/lib/fin';
import type { ConsoleEvent, StoredEvent, StreamState } from '@/lib/console/types';
import type { Db } from './db';
import {
  getConversationRow,
  listFollowable,
  setStreamState,
  toConversation,
  type ConversationRow,
} from './db/conversations';
import { appendEvents, type AppendInput, type AppendResult } from './db/events';
import type { DriftSink } from './drift';
import { toHitlStep, type HitlStepRow } from './db/hitl-steps';
import { dropLease, takeLease } from './db/records';
import { Fanout, type ConversationMessage, type HitlMessage } from './fanout';
import { GroupCommit } from './group-commit';
import { log } from './log';
import { STREAM_RECHECK_MS, StreamGuard } from './stream-guard';
import { readUpstream } from './upstream-stream';

export interface EventHubOptions {
  db: Db;
  /** Names this console instance in stream leases and cross-instance notices. */
  instanceId: string;
  leaseTtlMs?: number;
  /** How often to look for streams nobody follows (after a restart or a lost instance). */
  sweepMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  maxReconnects?: number;
  connectTimeoutMs?: number;
  /**
   * How long a follower whose cycle ended stays parked (no connection, lease kept) waiting for
   * the next cycle's URL, so a conversation's next reply is followed without a new lease.
   */
  parkMs?: number;
  /** Told how an upstream event differs from the contract. */
  drift?: DriftSink;
  /** Open browser streams one principal may hold on this instance (CONSOLE_STREAMS_PER_PRINCIPAL); no cap unless set. */
  streamsPerPrincipal?: number;
  /** How often open browser streams re-check their credential. */
  streamRecheckMs?: number;
}

interface Follower {
  /** Aborts the current upstream read so the loop picks up a newer URL. */
  poke(): void;
  /** Between cycles: holds the lease and no connection, until poked or `parkMs` passes. */
  parked: boolean;
  done: Promise<void>;
}

/** The cycle is over once Fin hands control back; the upstream revokes the token then. */
export const endsCycle = (e: ReceivedFinEvent) =>
  (e.event_name === 'fin_status_updated' &&
    (e.status === 'awaiting_user_reply' || e.status === 'complete')) ||
  (e.event_name === 'fin_replied' && e.status === 'awaiting_user_reply');

/** Resolves after `ms` or on abort, whichever comes first, leaving no listener behind. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    if (signal.aborted) done();
  });

/**
 * Follows each tracked conversation's upstream SSE, stores every event once whichever channel
 * brings it (SSE, webhook, the console itself), keeps the conversation's status and stream
 * state current, and fans changes out to browsers on this and other instances.
 */
export class EventHub {
  readonly fanout: Fanout;
  /** The browser streams open on this instance: their cap and their credentials' re-checks. */
  readonly streams: StreamGuard;
  private readonly followers = new Map<string, Follower>();
  private readonly stopping = new AbortController();
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly o: Required<
    Omit<EventHubOptions, 'db' | 'instanceId' | 'drift' | 'streamsPerPrincipal' | 'streamRecheckMs'>
  >;
  /**
   * Events from every follower and webhook, stored a batch at a time (a batch of ten costs the
   * store about a tenth per event) and announced in order once their batch is written.
   */
  private readonly appends = new GroupCommit<AppendInput, AppendResult | null>(async (inputs) => {
    const results = await appendEvents(this.db, inputs);
    for (const result of results) if (result) this.announce(result);
    return results;
  });

  constructor(private readonly opts: EventHubOptions) {
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

  /** Starts cross-instance fan-out and resumes following streams that were live before a restart. */
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

  /** Whether this instance is following the conversation's upstream stream right now (not parked between cycles). */
  isFollowing(conversationId: string): boolean {
    const follower = this.followers.get(conversationId);
    return !!follower && !follower.parked;
  }

  /**
   * The one way an event enters the store: deduped on its key, given the next seq, status
   * applied, then announced. Resolves once it is stored (with whatever else arrived meanwhile);
   * null for a repeat (already stored via another channel). `extra.delivery`: the webhook
   * delivery that brought it, recorded with it.
   */
  async ingest(
    conversationId: string,
    event: ReceivedFinEvent | ConsoleEvent,
    source: StoredEvent['source'],
    extra: Pick<AppendInput, 'key' | 'delivery'> = {},
  ): Promise<StoredEvent | null> {
    const result = await this.appends.add({ conversationId, source, event, ...extra });
    return result?.stored ?? null;
  }

  /** Fans out an event a caller stored itself (a note recorded with its conversation), once stored. */
  announce(result: AppendResult): void {
    this.fanout.publishEvent(result.stored);
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

  /**
   * Makes sure someone follows the conversation's current `sse_subscription_url` (stored on its
   * row): this instance if it can take the lease, else the instance holding it.
   */
  follow(conversationId: string): void {
    const existing = this.followers.get(conversationId);
    if (existing) return existing.poke();
    void this.tryFollow(conversationId, 10);
  }

  private async tryFollow(id: string, attempts: number): Promise<void> {
    for (let i = 0; i < attempts && !this.stopping.signal.aborted; i++) {
      if (this.followers.has(id)) return this.followers.get(id)!.poke();
      try {
        if (await takeLease(this.db, id, this.opts.instanceId, this.o.leaseTtlMs)) {
          if (!this.followers.has(id)) this.startFollower(id);
          return;
        }
      } catch (error) {
        log.warn(`Could not take the stream lease of ${id}`, String(error));
      }
      await sleep(300, this.stopping.signal);
    }
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

  private startFollower(id: string): void {
    let current = new AbortController();
    const follower: Follower = {
      poke: () => current.abort(),
      parked: false,
      done: Promise.resolve(),
    };
    let lost = false;
    const stop = () => current.abort();
    this.stopping.signal.addEventListener('abort', stop);
    const renew = setInterval(() => {
      takeLease(this.db, id, this.opts.instanceId, this.o.leaseTtlMs)
        .then((ok) => {
          if (!ok) {
            log.warn(`Lost the stream lease of ${id}; another instance follows it now`);
            lost = true;
            current.abort();
          }
        })
        .catch(() => undefined);
    }, this.o.leaseTtlMs / 3);

    follower.done = (async () => {
      try {
        let url: string | null = null;
        let cycleEnded = false;
        let failures = 0;
        /** The URL's cycle just ended: park at once, without reading a row that cannot have changed unpoked. */
        let parkNow = false;
        // Nothing more on this URL: wait for the next cycle's, then stop. The checks after the
        // park and the stop run in one turn, so a poke cannot fall between them.
        const parkOrStop = async () =>
          current.signal.aborted || (await this.park(follower, current.signal)) || current.signal.aborted;
        while (!this.stopping.signal.aborted && !lost) {
          if (parkNow) {
            parkNow = false;
            if (!(await parkOrStop())) break;
            continue;
          }
          // Reset before the row is read: a poke from here on is seen in the row or in the signal.
          if (current.signal.aborted) current = new AbortController();
          const row = await getConversationRow(this.db, id);
          if (!row?.sse_url) {
            if (current.signal.aborted) continue;
            break;
          }
          if (row.sse_url !== url) {
            url = row.sse_url;
            cycleEnded = false;
            failures = 0;
          } else if (cycleEnded || row.stream_state === 'revoked' || row.stream_state === 'closed') {
            if (await parkOrStop()) continue;
            break;
          }
          const followed = url;
          // Each event is queued for the store as it is read, in order, without waiting for the
          // one before it to be written: a streamed reply's chunks share a batch instead of taking
          // a store round trip each. What the stream's end decides waits until all are stored.
          let storing = Promise.resolve();
          const end = await readUpstream(followed, {
            signal: current.signal,
            connectTimeoutMs: this.o.connectTimeoutMs,
            conversationId: id,
            ...(this.opts.drift ? { onDrift: this.opts.drift } : {}),
            onOpen: async () => {
              failures = 0;
              await this.setState(id, 'live', followed);
            },
            // Browsers here see the event at once; its stored copy (with its seq) follows.
            onArrive: (event) =>
              this.fanout.publishLive({
                conversation_id: id,
                key: eventKey(event),
                source: 'sse',
                event,
                received_at: new Date().toISOString(),
              }),
            onEvent: async (event) => {
              const stored = this.ingest(id, event, 'sse').then(
                () => {
                  if (endsCycle(event)) cycleEnded = true;
                },
                (error) => log.error('Could not store an upstream event', error),
              );
              storing = storing.then(() => stored);
            },
          });
          await storing;
          if (end.kind === 'aborted') continue;
          if (end.kind === 'eof' && cycleEnded) {
            await this.setState(id, 'closed', followed);
            parkNow = true;
            continue;
          }
          if (end.kind === 'http' && (end.status === 401 || end.status === 403)) {
            // An expired or revoked token: expected. Webhooks carry whatever is left.
            await this.setState(id, cycleEnded ? 'closed' : 'revoked', followed);
            cycleEnded = true;
            continue;
          }
          if (++failures > this.o.maxReconnects) {
            log.warn(`Gave up following ${id} after ${failures - 1} reconnects`);
            await this.setState(id, 'closed', followed);
            cycleEnded = true;
            continue;
          }
          await this.setState(id, 'reconnecting', followed);
          const backoff = Math.min(this.o.reconnectBaseMs * 2 ** (failures - 1), this.o.reconnectMaxMs);
          await sleep(backoff * (0.75 + Math.random() / 2), current.signal);
        }
      } catch (error) {
        if (!this.stopping.signal.aborted) log.error(`Following ${id} failed`, error);
      } finally {
        clearInterval(renew);
        this.stopping.signal.removeEventListener('abort', stop);
        this.followers.delete(id);
        await dropLease(this.db, id, this.opts.instanceId).catch(() => undefined);
      }
    })();
    this.followers.set(id, follower);
  }

  /** Parks a follower until poked (true) or `parkMs` passes (false). */
  private async park(follower: Follower, signal: AbortSignal): Promise<boolean> {
    follower.parked = true;
    try {
      await sleep(this.o.parkMs, signal);
    } finally {
      follower.parked = false;
    }
    return signal.aborted;
  }

  private async setState(id: string, state: StreamState, url: string): Promise<void> {
    const row = await setStreamState(this.db, id, state, { onlyIfUrl: url });
    if (row) this.publishConversation(row);
  }
}
