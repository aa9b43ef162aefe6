import { errorList } from '@/lib/fin';
import { assertJsonContentType, readBodyText, WEBHOOK_BODY_LIMIT, type BodySource } from '../body';
import type { ConsoleContext } from '../context';
import { ConsoleError } from '../errors';
import { checkWebhookSignature, ingestWebhook } from '../webhooks';
import { clientIp, limiter } from './rate-limit';

export const tooMany = (seconds: number) =>
  new ConsoleError('rate_limited', `Too many attempts; try again in ${seconds} seconds`);

/** A 429 in the console's error shape with Retry-After. */
export function rateLimited(seconds: number): Response {
  const answer = rateLimitedAnswer(seconds);
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

/** What a webhook delivery is answered: status, JSON body and any extra headers. */
export interface WebhookReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function rateLimitedAnswer(seconds: number): WebhookReply {
  const error = tooMany(seconds);
  return {
    status: error.status,
    body: errorList([{ code: error.code, message: error.message }]),
    headers: { 'retry-after': String(seconds) },
  };
}

/**
 * A webhook delivery, however it arrived (the Next route, or the server's direct path). Requests
 * with a bad or missing signature count against their address (60 a minute); past that they get
 * a 429 without touching the store. Correctly signed deliveries are never throttled.
 */
export async function answerWebhook(
  ctx: ConsoleContext,
  delivery: { raw: string; headers: Headers; ip: string },
): Promise<WebhookReply> {
  const { raw, headers, ip } = delivery;
  const bad = limiter('webhook');
  const wait = bad.retryAfter(ip);
  if (wait > 0 && !checkWebhookSignature(ctx, headers, raw).ok) return rateLimitedAnswer(wait);
  const answer = await ingestWebhook(ctx, headers, raw, ip);
  if (answer.status === 401) bad.hit(ip);
  return answer;
}

/**
 * A delivery's raw body, however it arrived: JSON (Intercom sends application/json, with or
 * without a charset; else 415) of at most `WEBHOOK_BODY_LIMIT` bytes (else 413, unread beyond).
 */
export function readWebhookBody(headers: Headers, source: BodySource): Promise<string> {
  assertJsonContentType(headers);
  return readBodyText(source, headers.get('content-length'), WEBHOOK_BODY_LIMIT);
}

/** The Next route's form of `answerWebhook`. */
export async function webhookRequest(req: Request, ctx: ConsoleContext): Promise<Response> {
  const raw = await readWebhookBody(req.headers, req.body);
  const { status, body, headers } = await answerWebhook(ctx, {
    raw,
    headers: req.headers,
    ip: clientIp(req, ctx.env.trustProxy),
  });
  return Response.json(body, { status, headers });
}
