import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './auth/authenticate';
import { errorList } from '@/lib/fin';
import { assertSameSite, hostAllowed, HSTS, misdirected } from './auth/origin';
import { clientIp } from './auth/rate-limit';
import { assertRole, unauthorized } from './auth/roles';
import { isHttps, sessionCookie } from './auth/sessions';
import { answerWebhook, readWebhookBody, type WebhookReply } from './auth/webhook-guard';
import { WEBHOOK_PATH } from './connection/service';
import { getConsole, type ConsoleContext } from './context';
import { getEnv, type Env } from './env';
import { toErrorResponse } from './errors';
import { conversationFeed, resumeSeq, serveEventStream, SSE_HEADERS } from './sse';
import { admitStream } from './stream-guard';

/*
 * Requests the console's HTTP server (`scripts/server.mjs`) answers itself, ahead of Next's
 * router: webhook deliveries, and the conversation streams browsers hold open. Each answers
 * exactly as its Next route does (same functions, same headers); the routes stay for `next dev`
 * and any server without these paths.
 */

/**
 * The webhook endpoint: a delivery needs no page, session, proxy or route matching, and that
 * per-request work was most of its cost.
 */
export async function serveWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  context: () => Promise<ConsoleContext> = getConsole,
): Promise<void> {
  let reply: WebhookReply;
  try {
    const headers = toHeaders(req);
    const raw = await readWebhookBody(headers, req);
    const ctx = await context();
    reply = await answerWebhook(ctx, {
      raw,
      headers,
      ip: clientIp(headers, ctx.env.trustProxy, req.socket.remoteAddress),
    });
  } catch (error) {
    reply = await errorReply(error);
  }
  sendJson(res, reply);
  if (reply.status === 413) closeSoonAfter(req, res);
}

/**
 * A refused body's connection is cut a moment after its 413 is sent, its rest left unread.
 * Cutting it at once, with request bytes unread, sends a reset that can overtake the 413.
 */
function closeSoonAfter(req: IncomingMessage, res: ServerResponse): void {
  res.once('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
}

function sendJson(res: ServerResponse, reply: WebhookReply): void {
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...STATIC_HEADERS,
    ...reply.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/**
 * `GET /api/conversations/:id/stream`, as its route answers it (viewer role, replay after
 * Last-Event-ID or `?after=`, then live). Every frame of a live conversation goes straight to the
 * socket: through Next, each passed several web streams, which with a thousand live
 * conversations was a sizeable share of the console's CPU.
 */
export async function serveConversationStream(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  context: () => Promise<ConsoleContext> = getConsole,
): Promise<void> {
  try {
    const ctx = await context();
    const request = new Request(requestUrl(req), { headers: toHeaders(req) });
    const auth = await authenticate(ctx, request.headers);
    if (!auth) throw unauthorized();
    if (auth.principal.via === 'session') assertSameSite(request);
    assertRole(auth.principal, 'viewer');
    const open = await conversationFeed(ctx, id, resumeSeq(request));
    const ticket = admitStream(ctx, request.headers, auth.principal, 'viewer');
    const headers: Record<string, string> = { ...STATIC_HEADERS, ...SSE_HEADERS };
    if (auth.renewed)
      headers['set-cookie'] = sessionCookie(auth.renewed.secret, {
        secure: isHttps(ctx.env, request),
        expires: auth.renewed.expires,
      });
    serveEventStream(res, headers, open, { ticket });
  } catch (error) {
    sendJson(res, await errorReply(error));
  }
}

/**
 * An error as the routes answer it (`toErrorResponse`), for `sendJson`. Its `Connection: close`
 * is left out: this path closes a refused body's connection itself (`closeSoonAfter`).
 */
async function errorReply(error: unknown): Promise<WebhookReply> {
  const response = toErrorResponse(error);
  return { status: response.status, body: await response.json() };
}

const STREAM_PATH = /^\/api\/conversations\/([^/]+)\/stream$/;

/** The conversation id of a stream request this path serves, else null (Next answers it). */
export function conversationStreamId(method: string | undefined, url: string | undefined): string | null {
  if (method !== 'GET' || !url) return null;
  const q = url.indexOf('?');
  const m = STREAM_PATH.exec(q < 0 ? url : url.slice(0, q));
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/**
 * Runs first for every request the console's server receives: a Host that is not allowed is
 * answered 421 here (false: nothing else may answer), and on https every answer gets HSTS.
 */
export function admitRequest(req: IncomingMessage, res: ServerResponse, env: Env = getEnv()): boolean {
  if (!hostAllowed(env, req.headers.host)) {
    const error = misdirected();
    sendJson(res, { status: error.status, body: errorList([{ code: error.code, message: error.message }]) });
    return false;
  }
  const proto = req.headers['x-forwarded-proto'];
  if (isHttps(env, new Headers(typeof proto === 'string' ? { 'x-forwarded-proto': proto } : {})))
    res.setHeader('strict-transport-security', HSTS);
  return true;
}

/** The headers next.config.mjs sets on every answer. */
const STATIC_HEADERS = {
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** The request's URL as the routes see it; a Host header that is no host falls back to localhost. */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    return new URL(req.url ?? '/', 'http://localhost');
  }
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
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
  (globalThis as Record<symbol, unknown>)[KEY] = {
    admitRequest,
    isWebhookDelivery,
    serveWebhook,
    conversationStreamId,
    serveConversationStream,
  };
}
