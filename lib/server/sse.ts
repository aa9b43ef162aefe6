import 'server-only';
import type { ServerResponse } from 'node:http';
import { CONSOLE_SSE_EVENTS, type LiveEvent, type StoredEvent } from '@/lib/console/types';
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
  /**
   * Like `send`, but the frame may wait up to `HOLD_MS` to go out with the next one: for frames
   * the reader needs soon but not now (a stored copy of an event already relayed live).
   */
  hold(event: string, data: unknown, id?: number): void;
  comment(text: string): void;
  /** Ends the stream (the client may reconnect, resuming after the last id it saw). */
  end(): void;
};

/** How long a held frame may wait for company (see `Writer.hold`). */
export const HOLD_MS = 200;

/**
 * Unsent bytes a stream may have queued for a client that does not read before it is dropped:
 * it resumes by Last-Event-ID when it reconnects, instead of the console buffering without end.
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;

/** How a stream is told its credential is gone, before it closes (the browser then signs in again). */
export const CREDENTIAL_ENDED = 'credentials ended';

/** What an event stream carries besides its content: its place in the stream guard, if it has one. */
export interface StreamOptions {
  heartbeatMs?: number;
  ticket?: StreamTicket;
}

/** Where an event stream's text goes: a web ReadableStream (Next's route) or a Node response (the server's direct path). */
interface Sink {
  write(text: string): void;
  close(): void;
}

/**
 * Runs an event stream into `sink` until the returned stop is called: heartbeats keep proxies
 * from closing it, and stopping removes every subscription `open` made and frees its ticket. A
 * ticket whose credential ends closes the stream with a comment saying so.
 */
function runEventStream(
  sink: Sink,
  { heartbeatMs = HEARTBEAT_MS, ticket }: StreamOptions,
  open: (w: Writer) => () => void,
): () => void {
  let closed = false;
  let stop = () => {};
  // Held frames, written ahead of the next frame or when the hold ends: one socket write for
  // both instead of two (each write is a system call, and wakes the reader).
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
  // An empty event name is the default `message` type, with no `event:` line (Fin's own format).
  const frame = (event: string, data: unknown, id?: number) =>
    `${id === undefined ? '' : `id: ${id}\n`}${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
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
    } catch {
      // already closed by the runtime
    }
  };
  ticket?.bind(() => {
    writer.comment(CREDENTIAL_ENDED);
    stop();
  });
  return stop;
}

/**
 * Who a route's stream is for: the route's Request (or anything carrying the signal that says the
 * client left). The stream keeps it, not only its signal: a Request's signal follows the client's
 * abort through a weak reference to the Request's own controller, so once a Request nobody holds
 * is garbage collected, its signal never fires and the stream would outlive its client.
 */
export interface StreamClient {
  readonly signal: AbortSignal;
}

/**
 * A text/event-stream body that lives until the client goes away (an abort or a cancel), or
 * until more than `MAX_UNSENT_BYTES` wait for a client that does not read.
 */
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
              // Next's response writer waits for the socket to drain, so what a slow client has
              // not taken stays queued here, counted in bytes.
              if (controller.desiredSize! < -MAX_UNSENT_BYTES) {
                controller.error(new Error('The client reads too slowly'));
                throw new Error('dropped');
              }
            },
            // However the stream ends (the client, its credential, a slow read), it stops listening.
            close: () => {
              client.signal.removeEventListener('abort', cleanup);
              controller.close();
            },
          },
          options,
          open,
        );
        // Read through the client each time: the closure keeps it (and the link to its abort) for
        // as long as the stream.
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

/**
 * The same stream written straight to a Node response (the console server's direct path, which
 * skips Next's web-stream plumbing per frame). Ends when the client goes away, or is dropped once
 * more than `MAX_UNSENT_BYTES` wait for it.
 */
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
        // Only a write the socket could not take at once can have left the queue past its bound.
        if (!res.destroyed && !res.write(text) && res.writableLength > MAX_UNSENT_BYTES) res.destroy();
      },
      close: () => res.end(),
    },
    options,
    open,
  );
  // A client that left while the stream was being prepared (credentials, the store) has closed
  // the response already, and 'close' will not come again.
  if (res.destroyed || res.closed) stop();
  else res.once('close', stop);
}

/** The largest seq the store holds (an `integer` column). */
const MAX_SEQ = 2_147_483_647;

/**
 * `Last-Event-ID` (an EventSource reconnecting) wins over `?after=`; both are seqs. A value past
 * any seq means "after everything" and is capped, so the store can compare with it.
 */
export function resumeSeq(req: Request): number {
  const raw = req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('after') ?? '0';
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_SEQ) : 0;
}

/**
 * A conversation's timeline as SSE: the conversation itself, stored events after `afterSeq`,
 * then live ones, in seq order without gaps or repeats (a gap seen live is filled from the store).
 * An upstream event this instance follows is also sent the moment it is read (`fin_live`, no
 * id), ahead of its stored copy; the seq order above is only about stored events.
 */
export async function conversationFeed(
  ctx: ConsoleContext,
  id: string,
  afterSeq: number,
): Promise<(w: Writer) => () => void> {
  const row = await getConversationRow(ctx.db, id);
  if (!row) throw new ConsoleError('not_found', 404, 'No such conversation');
  return (w) => {
    let lastSeq = afterSeq;
    /** Keys of events this stream relayed live whose stored copy has not been sent (the newest few hundred). */
    const relayed = new Set<string>();
    const sendEvent = (e: StoredEvent) => {
      if (e.seq <= lastSeq) return;
      // The reader shows the live copy already: its stored copy (the seq to resume after) can share a write.
      if (relayed.delete(e.key)) w.hold(CONSOLE_SSE_EVENTS.event, e, e.seq);
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
    // Writes go through one queue, so nothing overtakes the replay, and stored events keep their
    // seq order while a gap is filled from the store. Once the replay is out, a live copy is
    // written at once: it carries no seq, and waiting behind a gap's store read (hundreds of ms
    // with a busy store) held back every live event of the conversation meanwhile.
    let queue: Promise<void> = Promise.resolve();
    let replayed = false;
    const enqueue = (task: () => Promise<void> | void) => {
      queue = queue.then(task).catch((error) => log.warn('Console stream write failed', String(error)));
    };
    const unsubscribe = ctx.hub.subscribeConversation(id, (m: ConversationMessage) => {
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

/**
 * A conversation's Fin events as Fin's own SSE sends them (default `message` events whose data is
 * the event JSON), for API clients the proxy handed the console's URL instead of Fin's: each
 * carries its seq as id, so a reconnect resumes, and the stream ends after the event that ends
 * Fin's response cycle, as Fin's does. The console's own notes are not Fin's and are left out.
 */
export async function finWireFeed(
  ctx: ConsoleContext,
  id: string,
  afterSeq: number,
): Promise<(w: Writer) => () => void> {
  const feed = await conversationFeed(ctx, id, afterSeq);
  return (w) => {
    const relay = (event: string, data: unknown, seq?: number) => {
      if (event !== CONSOLE_SSE_EVENTS.event) return;
      const e = (data as StoredEvent).event;
      if (e.event_name.startsWith('console_')) return;
      w.send('', e, seq);
      if (endsCycle(e as FinEvent)) w.end();
    };
    return feed({ send: relay, hold: relay, comment: w.comment, end: w.end });
  };
}

/** `conversationFeed` as a response body for Next's route. */
export async function conversationStream(
  ctx: ConsoleContext,
  id: string,
  afterSeq: number,
  client: StreamClient,
  options: StreamOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  return eventStream(client, options, await conversationFeed(ctx, id, afterSeq));
}

/** The HITL inbox as SSE: every step created or updated on any instance. */
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
