import 'server-only';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createParser } from 'eventsource-parser';
import { readEventData, type ReceivedFinEvent } from '@/lib/fin';
import type { DriftSink } from './drift';
import { log } from './log';

export type UpstreamEnd =
  { kind: 'eof' } | { kind: 'error' } | { kind: 'http'; status: number } | { kind: 'aborted' };

/** Redirects followed before a stream counts as failed. */
const MAX_REDIRECTS = 5;

/** The most of one event (or line) held while it arrives: Fin's events are a few KiB. */
export const MAX_EVENT_CHARS = 1024 * 1024;

/**
 * Reads one upstream `sse_subscription_url` until it ends, handing each Fin event over in order
 * (`onEvent` is awaited before the next, and the first waits for `onOpen`). `onArrive` sees each
 * event the moment it is parsed, without waiting for `onOpen` or the `onEvent` calls before it.
 * The URL is a credential: it is never logged.
 *
 * Read with node:http rather than fetch: with a thousand streams live, fetch's web streams and
 * per-chunk promises were a tenth of the console's CPU.
 */
export async function readUpstream(
  url: string,
  opts: {
    signal: AbortSignal;
    connectTimeoutMs: number;
    onOpen: () => Promise<void>;
    onEvent: (e: ReceivedFinEvent) => Promise<void>;
    onArrive?: (e: ReceivedFinEvent) => void;
    /** Told how an event differs from the contract (it is still handed over). */
    onDrift?: DriftSink;
    /** The conversation the stream is for: an event that names none is kept under it. */
    conversationId?: string;
  },
): Promise<UpstreamEnd> {
  // onEvent's queue starts once onOpen has run, or the read is over (`finally` below, so events
  // read before a failed onOpen are still handed over): events read meanwhile are relayed live
  // at once and stored after it.
  let opened = () => {};
  let chain = new Promise<void>((resolve) => (opened = resolve));
  let overflow = false;
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onError(error) {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
    onEvent(message) {
      const { event, name, issues } = readEventData(message.data, opts.conversationId);
      if (issues.length > 0) opts.onDrift?.(`sse ${name ?? '(no event_name)'}`, issues);
      if (!event) {
        log.warn(
          `Ignored an upstream SSE message with no conversation to file it under (${message.event ?? 'message'})`,
        );
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
  let res: IncomingMessage | undefined;
  try {
    res = await open(url, ctl.signal);
    clearTimeout(connectTimer);
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      res.destroy();
      return { kind: 'http', status };
    }
    // Listen from the start: a stream can carry its events and break while onOpen runs (the
    // hub marking the stream live, a store write that can take a while under load). Those events
    // reach browsers at once; onEvent gets them after onOpen.
    const reading = res;
    const body = readBody(reading, (text) => {
      if (overflow) return;
      parser.feed(text);
      // An event that never ends would be held whole: the stream is dropped instead.
      if (overflow) {
        log.warn(`Dropped an upstream stream: an event grew past ${MAX_EVENT_CHARS} characters`);
        reading.destroy();
      }
    });
    await opts.onOpen();
    opened();
    end = await body;
  } catch {
    res?.destroy();
    end = { kind: 'error' };
  } finally {
    clearTimeout(connectTimer);
    opts.signal.removeEventListener('abort', abort);
    opened();
  }
  await chain;
  return opts.signal.aborted ? { kind: 'aborted' } : end;
}

/**
 * The response head of a GET for `url`, redirects followed on its own origin only: the URL
 * carries a credential, and a redirect elsewhere (another host, port or scheme) fails the open.
 */
async function open(
  url: string,
  signal: AbortSignal,
  redirects = 0,
  origin = new URL(url).origin,
): Promise<IncomingMessage> {
  const target = new URL(url);
  if (target.origin !== origin) throw new Error('redirected to another origin');
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(target, {
      headers: { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' },
      signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
  const status = res.statusCode ?? 0;
  const location = res.headers.location;
  if (status >= 300 && status < 400 && location && redirects < MAX_REDIRECTS) {
    res.destroy();
    return open(new URL(location, target).href, signal, redirects + 1, origin);
  }
  return res;
}

/** Feeds the body as text until it ends (eof) or breaks (error, which an abort also is). */
function readBody(res: IncomingMessage, feed: (text: string) => void): Promise<UpstreamEnd> {
  return new Promise<UpstreamEnd>((resolve) => {
    res.setEncoding('utf8');
    res.on('data', (text: string) => feed(text));
    res.once('end', () => resolve({ kind: 'eof' }));
    res.once('error', () => resolve({ kind: 'error' }));
    // Closed without an end: the connection broke mid-stream.
    res.once('close', () => resolve(res.complete ? { kind: 'eof' } : { kind: 'error' }));
  });
}
