import { errorList } from '@/lib/fin';
import { assertJsonContentType, readBodyText, WEBHOOK_BODY_LIMIT, type BodySource } from '../body';
import type { ConsoleContext } from '../context';
import { ConsoleError } from '../errors';
import { checkWebhookSignature, ingestWebhook } from '../webhooks';
import { limiter } from './rate-limit';

export const tooMany = (seconds: number) =>
  new ConsoleError('rate_limited', `Too many attempts; try again in ${seconds} seconds`);

export function rateLimited(seconds: number): Response {
  const answer = rateLimitedAnswer(seconds);
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

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

/** Badly signed deliveries count against their address; past the limit a 429 without touching the store. */
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

export function readWebhookBody(headers: Headers, source: BodySource): Promise<string> {
  assertJsonContentType(headers);
  return readBodyText(source, headers.get('content-length'), WEBHOOK_BODY_LIMIT);
}
