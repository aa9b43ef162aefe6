import 'server-only';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** The most of an answer read unless a call says otherwise: Fin's JSON answers are a few KiB. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Why a request got no usable answer: `timeout` when none came in time, `too_large` when it
 * outgrew its limit (the rest is not read), else `network`.
 */
export class HttpRequestError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'too_large',
    cause?: unknown,
  ) {
    super(
      reason === 'timeout'
        ? 'no answer in time'
        : reason === 'too_large'
          ? 'answer too large'
          : 'connection failed',
      { cause },
    );
    this.name = 'HttpRequestError';
  }
}

// Connections to the Fin API are reused across calls (as fetch did), one pool per scheme.
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxFreeSockets: 64 }),
  'https:': new HttpsAgent({ keepAlive: true, maxFreeSockets: 64 }),
};

/**
 * One HTTP request with its whole answer read as text, over node:http(s) with pooled
 * keep-alive connections. `timeoutMs` bounds everything from the connect to the last byte of
 * the body, `maxBytes` (default `MAX_ANSWER_BYTES`) its size. A request sent on a reused connection the server had just closed (it read none of
 * it) is sent once more on a new one.
 *
 * node:http rather than fetch: inside Next, fetch is wrapped by the framework's caching layer and
 * runs on web streams; at about 160 calls a second that was an eighth of the console's main thread.
 */
export async function httpRequestText(
  url: string,
  opts: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    timeoutMs: number;
    maxBytes?: number;
  },
): Promise<HttpAnswer> {
  const deadline = Date.now() + opts.timeoutMs;
  for (let fresh = false; ; fresh = true) {
    try {
      return await once(url, opts, deadline - Date.now(), fresh);
    } catch (error) {
      if (!fresh && error instanceof StaleSocket) continue;
      throw error instanceof StaleSocket ? new HttpRequestError('network', error.cause) : error;
    }
  }
}

class StaleSocket extends Error {}

function once(
  url: string,
  opts: { method: string; headers: Record<string, string>; body?: string; maxBytes?: number },
  timeoutMs: number,
  fresh: boolean,
): Promise<HttpAnswer> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  if (!https && target.protocol !== 'http:') return Promise.reject(new HttpRequestError('network'));
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
    const req = (https ? httpsRequest : httpRequest)(target, {
      method: opts.method,
      headers: { ...opts.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
      agent: fresh ? false : agents[target.protocol as 'http:' | 'https:'],
    });
    const timer = setTimeout(
      () => {
        finish(() => reject(new HttpRequestError('timeout')));
        req.destroy();
      },
      Math.max(0, timeoutMs),
    );
    req.once('error', (error: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          req.reusedSocket && error.code === 'ECONNRESET'
            ? new StaleSocket('reused connection closed', { cause: error })
            : new HttpRequestError('network', error),
        ),
      ),
    );
    req.once('response', (res) => {
      const limit = opts.maxBytes ?? MAX_ANSWER_BYTES;
      // Stops at the limit: the socket is dropped rather than drained, so nothing more is buffered.
      const tooLarge = () => {
        finish(() => reject(new HttpRequestError('too_large')));
        res.destroy();
      };
      if (Number(res.headers['content-length'] ?? 0) > limit) return tooLarge();
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (b: Buffer) => {
        size += b.length;
        if (size > limit) return tooLarge();
        parts.push(b);
      });
      res.once('end', () =>
        finish(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(parts).toString('utf8'),
          }),
        ),
      );
      res.once('error', (error) => finish(() => reject(new HttpRequestError('network', error))));
      res.once('close', () => {
        if (!res.complete) finish(() => reject(new HttpRequestError('network')));
      });
    });
    req.end(body);
  });
}
