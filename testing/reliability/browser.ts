/** A stream reader that reconnects with Last-Event-ID like EventSource, keeping what it got. */
import { createParser } from 'eventsource-parser';
import { CONSOLE_SSE_EVENTS, type LiveEvent, type StoredAck, type StoredEvent } from '@/lib/console/types';
import { conversationStream, type Api } from './api';
import type { Rig } from './rig';
import { feedUntilEnd, sleep } from '@/testing/util';

export interface Received {
  seq: number;
  key: string;
  source: StoredEvent['source'];
  name: string;
}

export class BrowserReader {
  readonly received: Received[] = [];
  connects = 0;
  /** Answers other than 200 when connecting (404 until the console knows the conversation). */
  refusals = 0;
  private lastId = 0;
  /** The Request is kept: its signal follows our controller only while it is reachable. */
  private open: {
    abort: AbortController;
    req: Request;
    reader: ReadableStreamDefaultReader<string> | null;
  } | null = null;
  private stopped = false;
  private paused: Promise<void> | null = null;
  private resume: (() => void) | null = null;
  private readonly unhook: () => void;
  readonly done: Promise<void>;

  constructor(
    private readonly rig: Rig,
    private readonly api: Api,
    readonly conversationId: string,
    private readonly budgetMs = 60_000,
  ) {
    this.unhook = rig.onRestart((phase) => {
      if (phase === 'down') {
        this.paused = new Promise<void>((r) => (this.resume = r));
        this.close();
      } else {
        this.resume?.();
        this.paused = null;
      }
    });
    this.done = this.loop();
  }

  private async loop(): Promise<void> {
    const deadline = Date.now() + this.budgetMs;
    // Bounded: one connection per iteration, a pause between refusals.
    for (let i = 0; i < 400 && !this.stopped && Date.now() < deadline; i++) {
      if (this.paused) await this.paused;
      if (this.stopped) break;
      const abort = new AbortController();
      const req = new Request(
        `http://console.test/api/conversations/${encodeURIComponent(this.conversationId)}/stream`,
        {
          headers: this.api.withAuth(this.lastId ? { 'last-event-id': String(this.lastId) } : {}),
          signal: abort.signal,
        },
      );
      this.open = { abort, req, reader: null };
      let res: Response;
      try {
        res = await this.rig.track(() =>
          conversationStream(req, { params: Promise.resolve({ id: this.conversationId }) as Promise<never> }),
        );
      } catch {
        this.open = null;
        await sleep(100);
        continue;
      }
      if (res.status !== 200 || !res.body) {
        this.open = null;
        this.refusals++;
        this.api.scan('GET /api/conversations/:id/stream', await res.text(), res.headers);
        await sleep(100);
        continue;
      }
      this.connects++;
      await this.read(res);
      this.open = null;
      if (!this.stopped) await sleep(50);
    }
  }

  private async read(res: Response): Promise<void> {
    // What this connection sent live, until its acknowledgement says it is stored.
    const live = new Map<string, LiveEvent>();
    const parser = createParser({
      onEvent: (m) => {
        this.api.scan('GET /api/conversations/:id/stream', m.data);
        if (m.event === CONSOLE_SSE_EVENTS.live) {
          const e = JSON.parse(m.data) as LiveEvent;
          live.set(e.key, e);
          return;
        }
        let e: StoredEvent;
        if (m.event === CONSOLE_SSE_EVENTS.stored) {
          const ack = JSON.parse(m.data) as StoredAck;
          const sent = live.get(ack.key);
          if (!sent) throw new Error(`fin_stored for ${ack.key}, never sent live on this connection`);
          live.delete(ack.key);
          e = { ...sent, ...ack };
        } else if (m.event === CONSOLE_SSE_EVENTS.event) e = JSON.parse(m.data) as StoredEvent;
        else return;
        this.received.push({ seq: e.seq, key: e.key, source: e.source, name: e.event.event_name });
        if (m.id) this.lastId = Number(m.id);
      },
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    if (this.open) this.open.reader = reader;
    // Closed between connecting and reading: end at once.
    if (this.stopped || this.paused) void reader.cancel().catch(() => undefined);
    await feedUntilEnd(reader, parser);
    reader.releaseLock();
  }

  private close(): void {
    this.open?.abort.abort();
    void this.open?.reader?.cancel().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unhook();
    this.resume?.();
    this.close();
    await this.done;
  }
}
