import type { ApiCall } from '@/lib/console/types';
import { DEFAULT_INTERCOM_VERSION } from '@/lib/fin/version';

/** The shell variable the copied command reads its bearer from: never a real token. */
export function tokenPlaceholder(url: string): '$FIN_AGENT_API_KEY' | '$INTERCOM_ACCESS_TOKEN' {
  return /^\/fin\//.test(callPath(url)) ? '$FIN_AGENT_API_KEY' : '$INTERCOM_ACCESS_TOKEN';
}

/** Quotes a value for a POSIX shell: single quotes, with each `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function absoluteUrl(url: string, baseUrl?: string | null): string {
  if (/^https?:\/\//i.test(url) || !baseUrl) return url;
  return `${baseUrl.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** A curl command repeating a Fin API call; the token stays a double-quoted shell variable. */
export function buildCurl(
  call: Pick<ApiCall, 'method' | 'url' | 'request_body'>,
  baseUrl?: string | null,
  version: string = DEFAULT_INTERCOM_VERSION,
): string {
  const method = call.method.toUpperCase();
  const lines = [
    `curl -X ${method} ${shellQuote(absoluteUrl(call.url, baseUrl))}`,
    `-H "Authorization: Bearer ${tokenPlaceholder(call.url)}"`,
    `-H ${shellQuote(`Intercom-Version: ${version}`)}`,
    `-H 'Accept: application/json'`,
  ];
  const hasBody = call.request_body !== undefined && call.request_body !== null && method !== 'GET';
  if (hasBody) {
    lines.push(`-H 'Content-Type: application/json'`);
    const json =
      typeof call.request_body === 'string' ? call.request_body : JSON.stringify(call.request_body, null, 2);
    lines.push(`--data-raw ${shellQuote(json)}`);
  }
  return lines.join(' \\\n  ');
}

/** `/fin/procedures/41001/run` from a full URL, for the inspector's list. */
export function callPath(url: string): string {
  try {
    const u = new URL(url, 'http://x');
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}
