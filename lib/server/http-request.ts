import 'server-only';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Why a request got no answer: `timeout` when none came in time, else `network`. */
export class HttpRequestError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network',
    cause?: unknown,
  ) {
    super(reason === 'timeout' ? 'no answer in time' : 'connection failed', { cause });
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
 * the body. A request sent on a reused connection the server had just closed (it read none of
 * it) is sent once more on a new one.
 *
 * node:http rather than fetch: inside Next, fetch is wrapped by the framework's caching layer and
 * runs on web streams; at about 160 calls a second that was an eighth of the console's main thread.
 */
export async function httpRequestText(
  url: string,
  opts: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
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
  opts: { method: string; headers: Record<string, string>; body?: string },
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
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
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
