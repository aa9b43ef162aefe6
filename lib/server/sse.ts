import 'server-only';
import { CONSOLE_SSE_EVENTS, type StoredEvent } from '@/lib/console/types';
import type { ConsoleContext } from './context';
import { getConversationRow, toConversation } from './db/conversations';
import { listEvents } from './db/events';
import { ConsoleError } from './errors';
import type { ConversationMessage } from './fanout';
import { log } from './log';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

export const HEARTBEAT_MS = 15_000;

type Writer = { send(event: string, data: unknown, id?: number): void; comment(text: string): void };

/**
 * A text/event-stream body that lives until the client goes away: heartbeats keep proxies from
 * closing it, and an abort (or cancel) removes every subscription it made.
 */
function eventStream(
  signal: AbortSignal,
  heartbeatMs: number,
  open: (w: Writer) => () => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const writer: Writer = {
        send: (event, data, id) =>
          write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        comment: (text) => write(`: ${text}\n\n`),
      };
      write('retry: 2000\n\n');
      const unsubscribe = open(writer);
      const heartbeat = setInterval(() => writer.comment('ping'), heartbeatMs);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        signal.removeEventListener('abort', cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      if (signal.aborted) cleanup();
      else signal.addEventListener('abort', cleanup, { once: true });
    },
    cancel() {
      cleanup();
    },
  });
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
export async function conversationStream(
  ctx: ConsoleContext,
  id: string,
  afterSeq: number,
  signal: AbortSignal,
  heartbeatMs = HEARTBEAT_MS,
): Promise<ReadableStream<Uint8Array>> {
  const row = await getConversationRow(ctx.db, id);
  if (!row) throw new ConsoleError('not_found', 404, 'No such conversation');
  return eventStream(signal, heartbeatMs, (w) => {
    let lastSeq = afterSeq;
    const sendEvent = (e: StoredEvent) => {
      if (e.seq <= lastSeq) return;
      w.send(CONSOLE_SSE_EVENTS.event, e, e.seq);
      lastSeq = e.seq;
    };
    const catchUp = async () => {
      for (const e of await listEvents(ctx.db, id, lastSeq)) sendEvent(e);
    };
    // Every write goes through one queue, so live messages never overtake the replay.
    let queue: Promise<void> = Promise.resolve();
    const enqueue = (task: () => Promise<void> | void) => {
      queue = queue.then(task).catch((error) => log.warn('Console stream write failed', String(error)));
    };
    const unsubscribe = ctx.hub.subscribeConversation(id, (m: ConversationMessage) =>
      enqueue(async () => {
        if (m.type === 'conversation') return w.send(CONSOLE_SSE_EVENTS.conversation, m.conversation);
        if (m.type === 'live') return w.send(CONSOLE_SSE_EVENTS.live, m.event);
        if (m.event.seq > lastSeq + 1) return catchUp();
        sendEvent(m.event);
      }),
    );
    enqueue(async () => {
      w.send(CONSOLE_SSE_EVENTS.conversation, toConversation((await getConversationRow(ctx.db, id)) ?? row));
      await catchUp();
    });
    return unsubscribe;
  });
}

/** The HITL inbox as SSE: every step created or updated on any instance. */
export function hitlStream(
  ctx: ConsoleContext,
  signal: AbortSignal,
  heartbeatMs = HEARTBEAT_MS,
): ReadableStream<Uint8Array> {
  return eventStream(signal, heartbeatMs, (w) => {
    w.comment('connected');
    return ctx.hub.subscribeHitl((m) => w.send(m.type, m.step));
  });
}
