import 'server-only';
import { StringDecoder } from 'node:string_decoder';
import { createParser } from 'eventsource-parser';
import { Agent, request, type Dispatcher } from 'undici';
import { readEventData, type ReceivedFinEvent } from '@/lib/fin';
import type { DriftSink } from './drift';
import { log } from './log';

export type UpstreamEnd =
  { kind: 'eof' } | { kind: 'error' } | { kind: 'http'; status: number } | { kind: 'aborted' };

const MAX_REDIRECTS = 5;

export const MAX_EVENT_CHARS = 1024 * 1024;

/** Hands each Fin event to `onEvent` in order after `onOpen`; `onArrive` sees each at once. The URL is a credential: never logged. */
export async function readUpstream(
  url: string,
  opts: {
    signal: AbortSignal;
    connectTimeoutMs: number;
    onOpen: () => Promise<void>;
    onEvent: (e: ReceivedFinEvent) => Promise<void>;
    onArrive?: (e: ReceivedFinEvent) => void;
    onDrift?: DriftSink;
    conversationId?: string;
  },
): Promise<UpstreamEnd> {
  // onEvent's queue starts once onOpen has run or the read is over; events read meanwhile go live first.
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
  // The timeout covers only the response head: a healthy stream stays open for minutes.
  const ctl = new AbortController();
  const abort = () => ctl.abort();
  opts.signal.addEventListener('abort', abort, { once: true });
  if (opts.signal.aborted) abort();
  const connectTimer = setTimeout(abort, opts.connectTimeoutMs);
  let end: UpstreamEnd = { kind: 'eof' };
  let res: Dispatcher.ResponseData | undefined;
  try {
    res = await open(url, ctl.signal);
    clearTimeout(connectTimer);
    const status = res.statusCode;
    if (status < 200 || status >= 300) {
      discard(res.body);
      return { kind: 'http', status };
    }
    // Listen from the start: a stream can carry events and break while onOpen runs (a slow store write).
    const reading = res.body;
    const body = readBody(reading, (text) => {
      if (overflow) return;
      parser.feed(text);
      if (overflow) {
        log.warn(`Dropped an upstream stream: an event grew past ${MAX_EVENT_CHARS} characters`);
        reading.destroy();
      }
    });
    await opts.onOpen();
    opened();
    end = await body;
  } catch {
    if (res) discard(res.body);
    end = { kind: 'error' };
  } finally {
    clearTimeout(connectTimer);
    opts.signal.removeEventListener('abort', abort);
    opened();
  }
  await chain;
  return opts.signal.aborted ? { kind: 'aborted' } : end;
}

// Streams stay quiet for minutes between events: undici's body timeout is off.
const streamAgent = ((
  globalThis as unknown as { __finConsoleStreamAgent?: Agent }
).__finConsoleStreamAgent ??= new Agent({ bodyTimeout: 0 }));

/** Redirects are followed on the URL's own origin only: the URL carries a credential. */
async function open(url: string, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
  const origin = new URL(url).origin;
  for (let target = new URL(url), redirects = 0; ; redirects++) {
    if (target.origin !== origin) throw new Error('redirected to another origin');
    const res = await request(target, {
      dispatcher: streamAgent,
      headers: { accept: 'text/event-stream', 'cache-control': 'no-cache' },
      signal,
    });
    const location = res.headers.location;
    if (
      res.statusCode < 300 ||
      res.statusCode >= 400 ||
      typeof location !== 'string' ||
      redirects >= MAX_REDIRECTS
    )
      return res;
    discard(res.body);
    target = new URL(location, target);
  }
}

/** Drops a body unread; undici reports that as an error the caller already expects. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined).destroy();
}

function readBody(body: Dispatcher.ResponseData['body'], feed: (text: string) => void): Promise<UpstreamEnd> {
  return new Promise<UpstreamEnd>((resolve) => {
    let ended = false;
    // undici's body ignores setEncoding: a decoder keeps characters split across chunks whole.
    const decoder = new StringDecoder('utf8');
    body.on('data', (chunk: Buffer) => feed(decoder.write(chunk)));
    body.once('end', () => {
      ended = true;
      resolve({ kind: 'eof' });
    });
    body.once('error', () => resolve({ kind: 'error' }));
    body.once('close', () => resolve(ended ? { kind: 'eof' } : { kind: 'error' }));
  });
}
