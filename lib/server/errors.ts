import 'server-only';
import { z } from 'zod';
import { OAUTH_ERRORS, type OAuthErrorReason } from '@/lib/console/connection';
import { errorList, zodErrorList } from '@/lib/fin';
import { log } from './log';

const STATUS = {
  parameter_invalid: 400,
  unauthorized: 401,
  hitl_unauthorized: 401,
  forbidden: 403,
  hitl_forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  hitl_already_answered: 409,
  hitl_answered_elsewhere: 409,
  hitl_claimed: 409,
  hitl_refused: 409,
  hitl_submitting: 409,
  hitl_closed: 410,
  hitl_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  misdirected_request: 421,
  rate_limited: 429,
  internal_error: 500,
  upstream_unavailable: 502,
  upstream_untrusted: 502,
  hitl_not_delivered: 502,
  ...(Object.fromEntries(Object.keys(OAUTH_ERRORS).map((r) => [`oauth_${r}`, 409])) as Record<
    `oauth_${OAuthErrorReason}`,
    409
  >),
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof STATUS;
export interface ErrorEntry {
  code: ErrorCode;
  message: string;
  field?: string;
}

export class ConsoleError extends Error {
  override name = 'ConsoleError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly entries?: ErrorEntry[],
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const fieldError = (code: ErrorCode, message: string, field: string) =>
  new ConsoleError(code, message, [{ code, message, field }]);

export class FinApiError extends Error {
  override name = 'FinApiError';
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Fin API answered ${status}`);
  }

  get finMessage(): string {
    const b = this.body as { errors?: unknown } | null;
    if (b && Array.isArray(b.errors)) {
      const first = b.errors[0] as { message?: unknown; code?: unknown } | undefined;
      if (typeof first?.message === 'string') return first.message;
      if (typeof first?.code === 'string') return first.code;
    }
    if (b && b.errors && typeof b.errors === 'object') {
      const first: unknown = Object.values(b.errors)[0];
      if (typeof first === 'string') return first;
    }
    return `HTTP ${this.status}`;
  }
}

export class UpstreamError extends ConsoleError {
  constructor(message: string) {
    super('upstream_unavailable', message);
  }
}

const json = (body: unknown, status: number) =>
  // A 413 leaves the rest of the body unread: closing the connection is what stops it coming.
  Response.json(body, status === 413 ? { status, headers: { connection: 'close' } } : { status });

const answer = (code: ErrorCode, message: string) => json(errorList([{ code, message }]), STATUS[code]);

/** SQLSTATE class 54 (e.g. an id longer than an index key may be): the input is at fault. */
const storeLimitExceeded = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^54[0-9A-Z]{3}$/.test(code);
};

/** The one place errors become HTTP answers: a Fin 4xx passes through whole, other details are only logged. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof z.ZodError) return json(zodErrorList(error), STATUS.parameter_invalid);
  if (error instanceof FinApiError) {
    if (error.status < 500) return json(error.body, error.status);
    log.warn(`Fin API answered ${error.status}`);
    return answer('upstream_unavailable', `The Fin API answered ${error.status}. Try again shortly.`);
  }
  if (error instanceof ConsoleError) {
    if (error.status >= 500) log.warn(`${error.code}: ${error.message}`);
    return json(errorList(error.entries ?? [{ code: error.code, message: error.message }]), error.status);
  }
  if (storeLimitExceeded(error)) {
    return answer('parameter_invalid', 'A value in the request is too large to be stored');
  }
  log.error('Unhandled error', error);
  return answer('internal_error', 'Something went wrong on the console server.');
}
