import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerWebhook, type WebhookReply } from './auth/webhook-guard';
import { getConsole, type ConsoleContext } from './context';
import { toErrorResponse } from './errors';
import { WEBHOOK_PATH } from './connection/service';

/**
 * The webhook endpoint served straight from the console's HTTP server (`scripts/server.mjs`),
 * ahead of Next's router: a delivery needs no page, session, proxy or route matching, and that
 * per-request work was most of its cost. It answers exactly as the Next route does (same
 * function, same headers); the route stays for `next dev` and any server without this path.
 */
export async function serveWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<ConsoleContext> = getConsole,
): Promise<void> {
  let reply: WebhookReply;
  try {
    const raw = await readBody(req);
    const ctx = await context();
    reply = await answerWebhook(ctx, { raw, headers: toHeaders(req), ip: nearestHop(req) });
  } catch (error) {
    const response = toErrorResponse(error);
    reply = { status: response.status, body: await response.json() };
  }
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...STATIC_HEADERS,
    ...reply.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** The headers next.config.mjs sets on every answer. */
const STATIC_HEADERS = {
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** The address as `clientIp` reads it behind Next: X-Forwarded-For's last hop, else the socket's peer. */
function nearestHop(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').at(-1)?.trim();
  return last || req.socket.remoteAddress || 'unknown';
}

/** Whether a request is a webhook delivery this path serves. */
export function isWebhookDelivery(method: string | undefined, url: string | undefined): boolean {
  if (method !== 'POST' || !url) return false;
  const q = url.indexOf('?');
  return (q < 0 ? url : url.slice(0, q)) === WEBHOOK_PATH;
}

const KEY = Symbol.for('fin-console.direct-routes');

/** Published on startup (instrumentation.ts) for the console's HTTP server to call. */
export function publishDirectRoutes(): void {
  (globalThis as Record<symbol, unknown>)[KEY] = { isWebhookDelivery, serveWebhook };
}
