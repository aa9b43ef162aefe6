import 'server-only';
import { PATH_ID_PATTERN } from '@/lib/fin';
import { fieldError } from './errors';

/** What the console trusts as a Fin API address: the base URL's origin and, for HITL callbacks, only the documented path. */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Refuses a path parameter that is not an id (`..`, `/`, `%`, …) with a 400 naming it. */
export function assertPathId(field: string, value: string): void {
  if (PATH_ID_PATTERN.test(value)) return;
  const message = `${field} must be an id of letters, digits, "_" or "-"`;
  throw fieldError('parameter_invalid', message, field);
}

/** Whether `url` is on the configured Fin API's origin (the only one given a credential). */
export function onFinOrigin(baseUrl: string, url: string): boolean {
  try {
    return new URL(url).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

/** Why a HITL `callback_url` will not be called, or null when it is the documented collect_agent_input path for its own conversation. */
export function callbackProblem(baseUrl: string, callbackUrl: string, conversationId: string): string | null {
  let target: URL;
  try {
    target = new URL(callbackUrl);
  } catch {
    return 'The callback_url is not a URL.';
  }
  const base = new URL(baseUrl);
  if (target.origin !== base.origin) {
    return `The callback_url points at ${target.origin}, not at the configured Fin API (${base.origin}).`;
  }
  // Real Intercom is reached over https only; plain http is for a simulator on this machine.
  if (target.protocol !== 'https:' && !LOOPBACK.has(base.hostname)) {
    return 'The callback_url is not https.';
  }
  if (target.username || target.password || target.search || target.hash) {
    return 'The callback_url carries credentials, a query or a fragment.';
  }
  if (!PATH_ID_PATTERN.test(conversationId)) {
    return 'The conversation_id is not an id of letters, digits, "_" or "-".';
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  if (target.pathname !== `${prefix}/procedures/${conversationId}/collect_agent_input`) {
    return `The callback_url is not ${prefix}/procedures/${conversationId}/collect_agent_input on the Fin API.`;
  }
  return null;
}
