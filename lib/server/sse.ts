import 'server-only';
import type { ServerResponse } from 'node:http';
import { CONSOLE_SSE_EVENTS, type LiveEvent, type StoredAck, type StoredEvent } from '@/lib/console/types';
import type { FinEvent } from '@/lib/fin';
import type { ConsoleContext } from './context';
import { getConversationRow, toConversation } from './db/conversations';
import { listEvents } from './db/events';
import { ConsoleError } from './errors';
import { endsCycle } from './upstream-follower';
import type { ConversationMessage } from './fanout';
import { log } from './log';
import type { StreamTicket } from './stream-guard';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

export const HEARTBEAT_MS = 15_000;

export type Writer = {
  send(event: string, data: unknown, id?: number): void;
  /** May wait up to `HOLD_MS` to share one write with the next frame. */
  hold(event: string, data: unknown, id?: number): void;
  comment(text: string): void;
  end(): void;
};

export const HOLD_MS = 10;

/** Unsent bytes after which a client that does not read is dropped (it resumes by Last-Event-ID). */
export const MAX_UNSENT_BYTES = 1024 * 1024;

export const CREDENTIAL_ENDED = 'credentials ended';

export interface StreamOptions {
  heartbeatMs?: number;
  ticket?: StreamTicket;
}

// One message object reaches every stream of its conversation: serialised once for all of them.
const json = new WeakMap<object, string>();
function serialised(data: unknown): string {
  if (data === null || typeof data !== 'object') return JSON.stringify(data);
  let text = json.get(data);
  if (text === undefined) json.set(data, (text = JSON.stringify(data)));
  return text;
}

const acks = new WeakMap<StoredEvent, StoredAck>();
const ackOf = (e: StoredEvent): StoredAck => {
  let ack = acks.get(e);
  if (!ack) acks.set(e, (ack = { key: e.key, seq: e.seq, received_at: e.received_at }));
  return ack;
};

interface Sink {
  write(text: string): void;
  close(): void;
}

function runEventStream(
  sink: Sink,
  { heartbeatMs = HEARTBEAT_MS, ticket }: StreamOptions,
  open: (w: Writer) => () => void,
): () => void {
  let closed = false;
  let stop = () => {};
  let held = '';
  let holdTimer: NodeJS.Timeout | null = null;
  const write = (text: string) => {
    if (holdTimer) {
      clearTimeout(holdTimer);
      holdTimer = null;
    }
    if (held) {
      text = held + text;
      held = '';
    }
    if (closed) return;
    try {
      sink.write(text);
    } catch {
      stop();
    }
  };
  const frame = (event: string, data: unknown, id?: number) =>
    `${id === undefined ? '' : `id: ${id}\n`}${event ? `event: ${event}\n` : ''}data: ${serialised(data)}\n\n`;
  const writer: Writer = {
    send: (event, data, id) => write(frame(event, data, id)),
    hold: (event, data, id) => {
      if (closed) return;
      held += frame(event, data, id);
      holdTimer ??= setTimeout(() => write(''), HOLD_MS);
    },
    comment: (text) => write(`: ${text}\n\n`),
    end: () => stop(),
  };
  write('retry: 2000\n\n');
  const unsubscribe = open(writer);
  const heartbeat = setInterval(() => writer.comment('ping'), heartbeatMs);
  stop = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    if (holdTimer) clearTimeout(holdTimer);
    unsubscribe();
    ticket?.release();
    try {
      sink.close();
    } catch {}
  };
  ticket?.bind(() => {
    writer.comment(CREDENTIAL_ENDED);
    stop();
  });
  return stop;
}

/** The stream keeps the Request, not just its signal: a collected Request's signal never fires. */
export interface StreamClient {
  readonly signal: AbortSignal;
}

export function eventStream(
  client: StreamClient,
  options: StreamOptions,
  open: (w: Writer) => () => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const stop = runEventStream(
          {
            write: (text) => {
              controller.enqueue(encoder.encode(text));
              // Next's writer waits for drain, so a slow client's backlog queues here.
              if (controller.desiredSize! < -MAX_UNSENT_BYTES) {
                controller.error(new Error('The client reads too slowly'));
                throw new Error('dropped');
              }
            },
            close: () => {
              client.signal.removeEventListener('abort', cleanup);
              controller.close();
            },
          },
          options,
          open,
        );
        cleanup = () => {
          client.signal.removeEventListener('abort', cleanup);
          stop();
        };
        if (client.signal.aborted) cleanup();
        else client.signal.addEventListener('abort', cleanup, { once: true });
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
}

export function serveEventStream(
  res: ServerResponse,
  headers: Record<string, string>,
  open: (w: Writer) => () => void,
  options: StreamOptions = {},
): void {
  res.writeHead(200, headers);
  res.flushHeaders();
  const stop = runEventStream(
    {
      write: (text) => {
        if (!res.destroyed && !res.write(text) && res.writableLength > MAX_UNSENT_BYTES) res.destroy();
      },
      close: () => res.end(),
    },
    options,
    open,
  );
  // A client that left while the stream was prepared has closed it already; no 'close' comes.
  if (res.destroyed || res.closed) stop();
  else res.once('close', stop);
}

const MAX_SEQ = 2_147_483_647;

export function resumeSeq(req: Request): number {
  const raw = req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('after') ?? '0';
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_SEQ) : 0;
}

/**
 * A conversation's timeline: the conversation, stored events after `afterSeq`, then new ones. With
 * `live`, an upstream event goes out as read (`fin_live`) and, once stored, only its `fin_stored`.
 */
export async function conversationFeed(
  ctx: ConsoleContext,
  id: string,
  afterSeq: number,
  { live = true }: { live?: boolean } = {},
): Promise<(w: Writer) => () => void> {
  const row = await getConversationRow(ctx.db, id);
  if (!row) throw new ConsoleError('not_found', 'No such conversation');
  return (w) => {
    let lastSeq = afterSeq;
    const relayed = new Set<string>();
    const sendEvent = (e: StoredEvent) => {
      if (e.seq <= lastSeq) return;
      if (relayed.delete(e.key)) w.hold(CONSOLE_SSE_EVENTS.stored, ackOf(e), e.seq);
      else w.send(CONSOLE_SSE_EVENTS.event, e, e.seq);
      lastSeq = e.seq;
    };
    const sendLive = (e: LiveEvent) => {
      w.send(CONSOLE_SSE_EVENTS.live, e);
      relayed.add(e.key);
      if (relayed.size > 256) relayed.delete(relayed.values().next().value!);
    };
    const catchUp = async () => {
      for (const e of await listEvents(ctx.db, id, lastSeq)) sendEvent(e);
    };
    // One queue keeps stored events in seq order; live copies skip a gap's store read.
    let queue: Promise<void> = Promise.resolve();
    let replayed = false;
    const enqueue = (task: () => Promise<void> | void) => {
      queue = queue.then(task).catch((error) => log.warn('Console stream write failed', String(error)));
    };
    const unsubscribe = ctx.hub.subscribeConversation(id, (m: ConversationMessage) => {
      if (m.type === 'live' && !live) return;
      if (m.type === 'live' && replayed) return sendLive(m.event);
      enqueue(async () => {
        if (m.type === 'conversation') return w.send(CONSOLE_SSE_EVENTS.conversation, m.conversation);
        if (m.type === 'live') return sendLive(m.event);
        if (m.event.seq > lastSeq + 1) return catchUp();
        sendEvent(m.event);
      });
    });
    enqueue(async () => {
      w.send(CONSOLE_SSE_EVENTS.conversation, toConversation((await getConversationRow(ctx.db, id)) ?? row));
      await catchUp();
      replayed = true;
    });
    return unsubscribe;
  };
}

/** Fin's own SSE format for API clients given the console's URL; ends with Fin's response cycle. */
export async function finWireFeed(
  ctx: ConsoleContext,
  id: string,
  afterSeq: number,
): Promise<(w: Writer) => () => void> {
  const feed = await conversationFeed(ctx, id, afterSeq, { live: false });
  return (w) => {
    const relay = (event: string, data: unknown, seq?: number) => {
      if (event !== CONSOLE_SSE_EVENTS.event) return;
      const e = (data as StoredEvent).event;
      if (e.event_name.startsWith('console_')) return;
      w.send('', e, seq);
      if (endsCycle(e as FinEvent)) w.end();
    };
    return feed({ send: relay, hold: relay, comment: (text) => w.comment(text), end: () => w.end() });
  };
}

export async function conversationStream(
  ctx: ConsoleContext,
  id: string,
  afterSeq: number,
  client: StreamClient,
  options: StreamOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  return eventStream(client, options, await conversationFeed(ctx, id, afterSeq));
}

export function hitlStream(
  ctx: ConsoleContext,
  client: StreamClient,
  options: StreamOptions = {},
): ReadableStream<Uint8Array> {
  return eventStream(client, options, (w) => {
    w.comment('connected');
    return ctx.hub.subscribeHitl((m) => w.send(m.type, m.step));
  });
}
