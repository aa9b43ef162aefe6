import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { errorList } from '@/lib/fin';
import { hostAllowed, HSTS, misdirected } from './auth/origin';
import { clientIp, PEER_HEADER, stampPeer } from './auth/rate-limit';
import { isHttps } from './auth/sessions';
import { answerWebhook, readWebhookBody, type WebhookReply } from './auth/webhook-guard';
import { WEBHOOK_PATH } from './connection/service';
import { getConsole, type ConsoleContext } from './context';
import { getEnv, type Env } from './env';
import { toErrorResponse } from './errors';
import { replyRoute, startRoute } from './fin-routes';
import { authorize, renewedCookie, wrongMethod } from './http';
import { conversationFeed, resumeSeq, serveEventStream, SSE_HEADERS } from './sse';
import { admitStream } from './stream-guard';

// The only implementation of the webhook and conversation-stream endpoints, and the door to a
// live conversation's start and reply (docs/decisions/realtime-entry.md).

type Context = () => Promise<ConsoleContext>;

const SECURITY_HEADERS = {
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/** First for every request: records the peer, sets security headers; false once it answered a bad Host (421). */
export function admitRequest(req: IncomingMessage, res: ServerResponse, env: Env = getEnv()): boolean {
  stampPeer(req);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (isSharePath(req.url)) {
    // The token is in the URL: no page or asset it loads may pass it on, and no cache may keep it.
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cache-control', 'private, no-store');
  }
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

export function serveRealtime(
  req: IncomingMessage,
  res: ServerResponse,
  context: Context = getConsole,
): boolean {
  const path = pathOf(req.url);
  if (path === WEBHOOK_PATH) {
    // Intercom validates a webhook URL with HEAD.
    if (req.method === 'HEAD') res.writeHead(200).end();
    else if (req.method === 'POST') void serveWebhook(req, res, context);
    else void refuseMethod(req, res, 'POST, HEAD');
    return true;
  }
  const post = POSTS.get(path);
  if (post) {
    if (req.method === 'POST') void servePost(req, res, post, context);
    else void refuseMethod(req, res, 'POST');
    return true;
  }
  const id = conversationStreamId(path);
  if (id === null) return false;
  if (req.method === 'GET') void serveConversationStream(req, res, id, context);
  else void refuseMethod(req, res, 'GET');
  return true;
}

async function serveWebhook(req: IncomingMessage, res: ServerResponse, context: Context): Promise<void> {
  let reply: WebhookReply;
  try {
    const headers = toHeaders(req);
    const raw = await readWebhookBody(headers, req);
    const ctx = await context();
    reply = await answerWebhook(ctx, { raw, headers, ip: clientIp(headers, ctx.env.trustProxy) });
  } catch (error) {
    reply = await errorReply(error);
  }
  sendJson(res, reply);
  closeIfUnread(req, res);
}

async function serveConversationStream(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  context: Context,
): Promise<void> {
  try {
    const ctx = await context();
    const request = new Request(requestUrl(req), { headers: toHeaders(req) });
    const auth = await authorize(ctx, request, 'viewer');
    const open = await conversationFeed(ctx, id, resumeSeq(request));
    const ticket = admitStream(ctx, request.headers, auth.principal, 'viewer');
    const cookie = renewedCookie(ctx, request, auth);
    serveEventStream(res, { ...SSE_HEADERS, ...(cookie ? { 'set-cookie': cookie } : {}) }, open, { ticket });
  } catch (error) {
    sendJson(res, await errorReply(error));
  }
}

type Post = (req: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;

// Each cycle of a live conversation starts with one of these: Next's router cost about a
// millisecond of the main thread a request (docs/decisions/benchmarks.md).
const POSTS = new Map<string, Post>([
  ['/api/fin/start', startRoute],
  ['/api/fin/reply', replyRoute],
]);

const NO_PARAMS = { params: Promise.resolve({}) };

async function servePost(
  req: IncomingMessage,
  res: ServerResponse,
  handler: Post,
  context: Context,
): Promise<void> {
  let response: Response;
  try {
    const headers = toHeaders(req);
    const url = requestUrl(req, isHttps((await context()).env, headers) ? 'https' : 'http');
    const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    response = await handler(
      new Request(url, { method: 'POST', headers, body, duplex: 'half' } as RequestInit),
      NO_PARAMS,
    );
  } catch (error) {
    response = toErrorResponse(error);
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    response = toErrorResponse(error);
    bytes = Buffer.from(await response.arrayBuffer());
  }
  if (res.destroyed) return;
  const cookies = response.headers.getSetCookie();
  for (const [name, value] of response.headers) if (!PASSED_BY_NODE.has(name)) res.setHeader(name, value);
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.writeHead(response.status, { 'content-length': bytes.byteLength });
  res.end(bytes);
  closeIfUnread(req, res);
}

// Node frames the body it is given: a passed-through answer's own framing would lie about it.
const PASSED_BY_NODE = new Set([
  'set-cookie',
  'content-length',
  'content-encoding',
  'transfer-encoding',
  'connection',
]);

async function refuseMethod(req: IncomingMessage, res: ServerResponse, allow: string): Promise<void> {
  req.resume();
  const reply = await errorReply(wrongMethod(allow));
  sendJson(res, { ...reply, headers: { allow } });
}

// A refusal before the body was read (401, 413, 415) does not wait for the rest. Cutting it at
// once, with request bytes unread, sends a reset that can overtake the answer.
function closeIfUnread(req: IncomingMessage, res: ServerResponse): void {
  if (!req.complete) res.once('finish', () => setTimeout(() => req.socket.destroy(), 1_000).unref());
}

function sendJson(res: ServerResponse, reply: WebhookReply): void {
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function errorReply(error: unknown): Promise<WebhookReply> {
  const response = toErrorResponse(error);
  return { status: response.status, body: await response.json() };
}

const isSharePath = (url: string | undefined) => pathOf(url).startsWith('/share/');

const STREAM_PATH = /^\/api\/conversations\/([^/]+)\/stream$/;

function pathOf(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

export function conversationStreamId(path: string): string | null {
  const m = STREAM_PATH.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

// The Host header passed the allow-list in admitRequest.
function requestUrl(req: IncomingMessage, scheme: 'http' | 'https' = 'http'): URL {
  try {
    return new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'localhost'}`);
  } catch {
    return new URL(req.url ?? '/', `${scheme}://localhost`);
  }
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  headers.set(PEER_HEADER, String(req.headers[PEER_HEADER] ?? ''));
  return headers;
}

const KEY = Symbol.for('fin-console.realtime-entry');

interface RealtimeEntry {
  admitRequest: typeof admitRequest;
  serveRealtime: typeof serveRealtime;
}

/** Ends the wait of scripts/server.mjs, which holds requests until the app has loaded. */
export function publishRealtimeEntry(): void {
  const ready = (globalThis as Record<symbol, unknown>)[KEY] as ((entry: RealtimeEntry) => void) | undefined;
  if (typeof ready === 'function') ready({ admitRequest, serveRealtime });
}
