import 'server-only';
import { z } from 'zod';
import { errorList, zodErrorList } from '@/lib/fin';
import { log } from './log';

/** The console's own error: a code the UI can branch on, an HTTP status and a message safe to show. */
export class ConsoleError extends Error {
  override name = 'ConsoleError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Several field-level entries (a form with more than one bad value); defaults to this one. */
    readonly entries?: { code: string; message: string; field?: string }[],
  ) {
    super(message);
  }
}

/** A non-2xx answer from the Fin API, kept whole so a 4xx can be passed through unchanged. */
export class FinApiError extends Error {
  override name = 'FinApiError';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Fin API answered ${status}`);
  }

  /** The first message of an `error.list` (or CSAT's keyed errors), for notes and outcomes. */
  get finMessage(): string {
    const b = this.body as { errors?: unknown } | null;
    if (b && Array.isArray(b.errors)) {
      const first = b.errors[0] as { message?: unknown; code?: unknown } | undefined;
      if (typeof first?.message === 'string') return first.message;
      if (typeof first?.code === 'string') return first.code;
    }
    if (b && b.errors && typeof b.errors === 'object') {
      const first = Object.values(b.errors)[0];
      if (typeof first === 'string') return first;
    }
    return `HTTP ${this.status}`;
  }
}

/** The Fin API could not be reached (network, timeout) or answered 5xx or a body the contract rejects. */
export class UpstreamError extends ConsoleError {
  constructor(message: string) {
    super('upstream_unavailable', 502, message);
  }
}

const json = (body: unknown, status: number) =>
  // A 413 leaves the rest of the body unread: closing the connection is what stops it coming.
  Response.json(body, status === 413 ? { status, headers: { connection: 'close' } } : { status });

/**
 * Postgres refused a value as too large (SQLSTATE class 54, e.g. an id longer than an index key
 * may be): the input is at fault, not the server.
 */
const storeLimitExceeded = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^54[0-9A-Z]{3}$/.test(code);
};

/**
 * The one place errors become HTTP answers: bad input → 400 with per-field entries, Fin 4xx
 * passed through unchanged, upstream trouble → 502, anything else → 500 with details logged only.
 */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof z.ZodError) return json(zodErrorList(error), 400);
  if (error instanceof FinApiError) {
    if (error.status < 500) return json(error.body, error.status);
    log.warn(`Fin API answered ${error.status}`);
    return json(
      errorList([
        { code: 'upstream_unavailable', message: `The Fin API answered ${error.status}. Try again shortly.` },
      ]),
      502,
    );
  }
  if (error instanceof ConsoleError) {
    if (error.status >= 500) log.warn(`${error.code}: ${error.message}`);
    return json(errorList(error.entries ?? [{ code: error.code, message: error.message }]), error.status);
  }
  if (storeLimitExceeded(error)) {
    return json(
      errorList([{ code: 'parameter_invalid', message: 'A value in the request is too large to be stored' }]),
      400,
    );
  }
  log.error('Unhandled error', error);
  return json(
    errorList([{ code: 'internal_error', message: 'Something went wrong on the console server.' }]),
    500,
  );
}
