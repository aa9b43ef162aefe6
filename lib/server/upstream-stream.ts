import 'server-only';
import { createParser } from 'eventsource-parser';
import { parseEventData, type FinEvent } from '@/lib/fin';
import { log } from './log';

export type UpstreamEnd =
  { kind: 'eof' } | { kind: 'error' } | { kind: 'http'; status: number } | { kind: 'aborted' };

/**
 * Reads one upstream `sse_subscription_url` until it ends, handing each Fin event over in order
 * (`onEvent` is awaited before the next). `onArrive` sees each event the moment it is parsed,
 * without waiting for the `onEvent` calls before it. The URL is a credential: it is never logged.
 */
export async function readUpstream(
  url: string,
  opts: {
    signal: AbortSignal;
    connectTimeoutMs: number;
    onOpen: () => Promise<void>;
    onEvent: (e: FinEvent) => Promise<void>;
    onArrive?: (e: FinEvent) => void;
  },
): Promise<UpstreamEnd> {
  let chain = Promise.resolve();
  const parser = createParser({
    onEvent(message) {
      const event = parseEventData(message.data);
      if (!event) {
        log.warn(`Ignored an upstream SSE message that is not a Fin event (${message.event ?? 'message'})`);
        return;
      }
      try {
        opts.onArrive?.(event);
      } catch (error) {
        log.warn('Could not relay an upstream event live', String(error));
      }
      chain = chain
        .then(() => opts.onEvent(event))
        .catch((error) => log.error('Could not store an upstream event', error));
    },
  });
  // Aborting this controller ends the connect and the body read alike; the timeout covers
  // only the wait for the response head, since a healthy stream stays open for minutes.
  const ctl = new AbortController();
  const abort = () => ctl.abort();
  opts.signal.addEventListener('abort', abort, { once: true });
  // An abort that came before the listener (the hub stopping while the row was read) counts too.
  if (opts.signal.aborted) abort();
  const connectTimer = setTimeout(abort, opts.connectTimeoutMs);
  let end: UpstreamEnd = { kind: 'eof' };
  try {
    const res = await fetch(url, {
      headers: { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' },
      signal: ctl.signal,
      cache: 'no-store',
    });
    clearTimeout(connectTimer);
    if (!res.ok || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'http', status: res.status };
    }
    await opts.onOpen();
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(value);
    }
  } catch {
    end = { kind: 'error' };
  } finally {
    clearTimeout(connectTimer);
    opts.signal.removeEventListener('abort', abort);
  }
  await chain;
  return opts.signal.aborted ? { kind: 'aborted' } : end;
}
