import 'server-only';
import type { StreamState } from '@/lib/console/types';
import type { ReceivedFinEvent } from '@/lib/fin';
import { log } from './log';
import type { UpstreamEnd } from './upstream-stream';

// parked: the cycle ended; the lease is kept without a connection until poked or `parkMs` passes.
export type FollowerState = 'connecting' | 'streaming' | 'backing-off' | 'parked' | 'done';

export type FollowerRow = { sse_url: string | null; stream_state: StreamState };

export interface FollowerPorts {
  row(): Promise<FollowerRow | null>;
  setState(state: StreamState, url: string): Promise<void>;
  read(
    url: string,
    on: {
      signal: AbortSignal;
      onOpen: () => Promise<void>;
      onArrive: (e: ReceivedFinEvent) => void;
      onEvent: (e: ReceivedFinEvent) => Promise<void>;
    },
  ): Promise<UpstreamEnd>;
  store(event: ReceivedFinEvent): Promise<unknown>;
  relay(event: ReceivedFinEvent): void;
  renewLease(): Promise<boolean>;
  releaseLease(): Promise<void>;
}

export interface FollowerTiming {
  leaseTtlMs: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  maxReconnects: number;
  parkMs: number;
}

/** The cycle is over once Fin hands control back; the upstream revokes the token then. */
export const endsCycle = (e: ReceivedFinEvent) =>
  (e.event_name === 'fin_status_updated' &&
    (e.status === 'awaiting_user_reply' || e.status === 'complete')) ||
  (e.event_name === 'fin_replied' && e.status === 'awaiting_user_reply');

export const sleep = (ms: number, signal: AbortSignal) =>
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

export class UpstreamFollower {
  state: FollowerState = 'connecting';
  readonly done: Promise<void>;
  private current = new AbortController();
  private lost = false;
  private url: string | null = null;
  private cycleEnded = false;
  private failures = 0;

  constructor(
    readonly id: string,
    private readonly ports: FollowerPorts,
    private readonly timing: FollowerTiming,
    private readonly stopping: AbortSignal,
    private readonly onState: (state: FollowerState) => void = () => {},
    /** The row as its writer just left it, read instead of the store on the next turn. */
    private hint: FollowerRow | null = null,
  ) {
    const stop = () => this.current.abort();
    stopping.addEventListener('abort', stop);
    const renew = setInterval(() => void this.renew(), timing.leaseTtlMs / 3);
    this.done = this.run().finally(async () => {
      clearInterval(renew);
      stopping.removeEventListener('abort', stop);
      this.enter('done');
      await ports.releaseLease().catch(() => undefined);
    });
  }

  poke(hint?: FollowerRow): void {
    if (hint) this.hint = hint;
    this.current.abort();
  }

  get parked(): boolean {
    return this.state === 'parked';
  }

  private enter(state: FollowerState): void {
    if (this.state === state) return;
    this.state = state;
    this.onState(state);
  }

  private async renew(): Promise<void> {
    const ok = await this.ports.renewLease().catch(() => true);
    if (ok) return;
    log.warn(`Lost the stream lease of ${this.id}; another instance follows it now`);
    this.lost = true;
    this.current.abort();
  }

  private async run(): Promise<void> {
    try {
      let parkNow = false;
      while (!this.stopping.aborted && !this.lost) {
        if (parkNow) {
          parkNow = false;
          if (!(await this.parkOrStop())) break;
          continue;
        }
        this.enter('connecting');
        // Reset before the row is read: a poke from here on is seen in the row or in the signal.
        if (this.current.signal.aborted) this.current = new AbortController();
        const hint = this.hint;
        this.hint = null;
        const row = hint ?? (await this.ports.row());
        if (!row?.sse_url) {
          if (this.current.signal.aborted) continue;
          break;
        }
        if (row.sse_url !== this.url) {
          this.url = row.sse_url;
          this.cycleEnded = false;
          this.failures = 0;
        } else if (this.cycleEnded || row.stream_state === 'revoked' || row.stream_state === 'closed') {
          if (await this.parkOrStop()) continue;
          break;
        }
        const end = await this.readOnce(this.url);
        if (end.kind === 'aborted') continue;
        parkNow = await this.after(end, this.url);
      }
    } catch (error) {
      if (!this.stopping.aborted) log.error(`Following ${this.id} failed`, error);
    }
    this.enter('done');
  }

  // Each event is queued for the store as it is read, so a streamed reply's chunks share a batch.
  private async readOnce(url: string): Promise<UpstreamEnd> {
    let storing = Promise.resolve();
    const end = await this.ports.read(url, {
      signal: this.current.signal,
      onOpen: async () => {
        this.failures = 0;
        this.enter('streaming');
        await this.ports.setState('live', url);
      },
      onArrive: (event) => this.ports.relay(event),
      onEvent: async (event) => {
        const stored = this.ports.store(event).then(
          () => {
            if (endsCycle(event)) this.cycleEnded = true;
          },
          (error) => log.error('Could not store an upstream event', error),
        );
        storing = storing.then(() => stored);
      },
    });
    await storing;
    return end;
  }

  private async after(end: Exclude<UpstreamEnd, { kind: 'aborted' }>, url: string): Promise<boolean> {
    if (end.kind === 'eof' && this.cycleEnded) {
      await this.ports.setState('closed', url);
      return true;
    }
    if (end.kind === 'http' && (end.status === 401 || end.status === 403)) {
      // An expired or revoked token: expected. Webhooks carry whatever is left.
      await this.ports.setState(this.cycleEnded ? 'closed' : 'revoked', url);
      this.cycleEnded = true;
      return false;
    }
    if (++this.failures > this.timing.maxReconnects) {
      log.warn(`Gave up following ${this.id} after ${this.failures - 1} reconnects`);
      await this.ports.setState('closed', url);
      this.cycleEnded = true;
      return false;
    }
    await this.ports.setState('reconnecting', url);
    this.enter('backing-off');
    const { reconnectBaseMs, reconnectMaxMs } = this.timing;
    const backoff = Math.min(reconnectBaseMs * 2 ** (this.failures - 1), reconnectMaxMs);
    await sleep(backoff * (0.75 + Math.random() / 2), this.current.signal);
    return false;
  }

  // The checks after the park run in one turn, so a poke cannot fall between them.
  private async parkOrStop(): Promise<boolean> {
    const signal = this.current.signal;
    if (signal.aborted) return true;
    this.enter('parked');
    await sleep(this.timing.parkMs, signal);
    return signal.aborted;
  }
}
