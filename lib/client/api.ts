import type { ErrorList } from '@/lib/fin';
import { readErrorList } from './shapes';
import { signInPathFor } from '@/components/auth/next-path';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorList | null,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.body?.errors ?? [])
      if (e.field && e.message && !out[e.field]) out[e.field] = e.message;
    return out;
  }
}

function messageOf(status: number, body: unknown): string {
  const list = readErrorList(body);
  if (list) return list.errors.map((e) => e.message ?? e.code).join(' · ');
  if (
    body &&
    typeof body === 'object' &&
    'errors' in body &&
    body.errors &&
    typeof body.errors === 'object'
  ) {
    return Object.values(body.errors as Record<string, unknown>)
      .map(String)
      .join(' · ');
  }
  if (status === 0) return 'The console could not be reached. Check your connection and try again.';
  return `Request failed (${status})`;
}

/** Told apart from a Fin 401 passed through: a bad Fin token shows its message, not the sign-in page. */
export function isSignedOut(status: number, body: ErrorList | null | undefined): boolean {
  return (
    status === 401 &&
    (body?.errors ?? []).some((e) => e.code === 'unauthorized' && /sign in/i.test(e.message ?? ''))
  );
}

let signingOut = false;

/** After Sign out the page leaves by itself: calls still in flight must not send it to sign in with a `next`. */
export function leavingAfterSignOut() {
  signingOut = true;
}

export function signInUrl(location: { pathname: string; search: string }): string {
  return signInPathFor(`${location.pathname}${location.search}`);
}

/** A 401 sends the browser to sign in and back; `signedOutOk` keeps the sign-in form in place. */
export async function apiFetch<T>(
  path: string,
  init: RequestInit & { json?: unknown; signedOutOk?: boolean } = {},
): Promise<T> {
  const { json, headers, signedOutOk, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: {
        Accept: 'application/json',
        ...(json !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  } catch {
    throw new ApiError(0, null, messageOf(0, null));
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const list = readErrorList(body);
    if (!signedOutOk && !signingOut && isSignedOut(res.status, list) && typeof window !== 'undefined') {
      window.location.assign(signInUrl(window.location));
    }
    throw new ApiError(res.status, list, messageOf(res.status, body));
  }
  return body as T;
}
