import { Agent, request } from 'node:http';
import { nowMs } from './util';

/** One keep-alive agent per load loop: sockets are reused, never more than `maxSockets` open. */
export const keepAlive = (maxSockets = 64) =>
  new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });

export interface HttpAnswer {
  status: number;
  body: string;
}

/** A plain HTTP request over node:http (far cheaper per call than fetch, so the client stays out of the way). */
export function http(
  agent: Agent | false,
  method: string,
  url: string,
  body?: string,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        headers: {
          ...(body !== undefined
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }
            : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${u.pathname}`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function json<T = unknown>(
  agent: Agent | false,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await http(agent, method, url, body === undefined ? undefined : JSON.stringify(body), headers);
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${method} ${new URL(url).pathname} answered ${res.status}: ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}

export interface SseFrame {
  event: string;
  data: string;
  id?: string;
  at: number;
}

export interface SseReader {
  openedAt: number | null;
  status: number | null;
  done: Promise<void>;
  close(): void;
}

export function readSse(
  url: string,
  onFrame: (f: SseFrame) => void,
  opts: { headers?: Record<string, string>; onOpen?: (status: number) => void } = {},
): SseReader {
  const u = new URL(url);
  let buffer = '';
  const reader: SseReader = { openedAt: null, status: null, done: Promise.resolve(), close: () => undefined };
  reader.done = new Promise<void>((resolve) => {
    const req = request(
      {
        agent: false,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: 'GET',
        headers: { accept: 'text/event-stream', ...opts.headers },
      },
      (res) => {
        reader.openedAt = nowMs();
        reader.status = res.statusCode ?? 0;
        opts.onOpen?.(reader.status);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = nowMs();
          buffer += chunk.includes('\r') ? chunk.replace(/\r\n?/g, '\n') : chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            let id: string | undefined;
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':') || line === '') continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'event') event = value;
              else if (field === 'data') data.push(value);
              else if (field === 'id') id = value;
            }
            if (data.length)
              onFrame({ event, data: data.join('\n'), ...(id !== undefined ? { id } : {}), at });
          }
        });
        res.on('end', () => resolve());
        res.on('close', () => resolve());
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve());
    req.end();
    reader.close = () => req.destroy();
  });
  return reader;
}
