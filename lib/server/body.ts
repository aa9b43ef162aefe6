import 'server-only';
import { Readable } from 'node:stream';
import getRawBody from 'raw-body';
import { ConsoleError } from './errors';

/** The most a JSON API request may carry; no request of the API needs near this much. */
export const JSON_BODY_LIMIT = 256 * 1024;
/** The most a webhook delivery may carry: a HITL notification or a Fin event is a few KiB. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

export type BodySource = NodeJS.ReadableStream | ReadableStream<Uint8Array> | null;

/** Reads a body as UTF-8 text up to `limit` bytes, refusing (413) by Content-Length or as soon as the stream passes it. */
export async function readBodyText(
  source: BodySource,
  contentLength: string | null | undefined,
  limit: number,
): Promise<string> {
  if (!source) return '';
  const stream = isWebStream(source) ? Readable.from(chunksOf(source), { objectMode: false }) : source;
  try {
    const length = contentLength && /^\d+$/.test(contentLength.trim()) ? contentLength.trim() : null;
    return (await getRawBody(stream, { limit, length })).toString('utf8');
  } catch (error) {
    throw bodyError(error, limit);
  }
}

// By shape, not `instanceof`: a web stream made by another copy of undici is one all the same.
const isWebStream = (s: NonNullable<BodySource>): s is ReadableStream<Uint8Array> =>
  typeof (s as ReadableStream<Uint8Array>).getReader === 'function';

/** A web stream's chunks, read one at a time as they are asked for (none ahead). */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}

function bodyError(error: unknown, limit: number): unknown {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') {
    return new ConsoleError('payload_too_large', `Request body is larger than ${kib(limit)}`);
  }
  if (type === 'request.size.invalid') {
    return new ConsoleError('parameter_invalid', 'Request body does not match its Content-Length');
  }
  if (type === 'request.aborted') return new ConsoleError('parameter_invalid', 'Request body was cut off');
  return error;
}

/** 415 unless the body is declared `application/json`: otherwise another site's page could send JSON as a simple request. */
export function assertJsonContentType(headers: Headers): void {
  const type = (headers.get('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ConsoleError(
      'unsupported_media_type',
      'Request body must be sent with Content-Type: application/json',
    );
  }
}
