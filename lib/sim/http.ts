import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorList } from '@/lib/fin';
import type { Faults } from './faults';
import { uuid } from './ids';

/** What a route handler gets: the parsed body, path parameters and this request's X-Sim-Fault faults. */
export interface Call {
  body: unknown;
  params: Record<string, string>;
  faults: Faults;
}

export interface Reply {
  status: number;
  body: unknown;
}

/** Thrown by handlers to answer with an error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export const errorBody = (code: string, message: string, field?: string) =>
  errorList([{ code, message, ...(field ? { field } : {}) }], uuid());

export function fail(status: number, code: string, message: string, field?: string): never {
  throw new HttpError(status, errorBody(code, message, field));
}

/** Sends `body` as JSON; an undefined body is an empty one (Content-Length 0). */
export function sendJson(res: ServerResponse, { status, body }: Reply) {
  if (res.headersSent || res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const MAX_BODY = 5 * 1024 * 1024;

export async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) fail(413, 'request_too_large', 'Request body is too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body; an empty body reads as `{}` so schema messages name the missing fields. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(req);
  if (!raw.trim()) return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    fail(400, 'parameter_invalid', 'Request body is not valid JSON');
  }
}
