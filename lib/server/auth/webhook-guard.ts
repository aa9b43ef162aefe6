import { errorList } from '@/lib/fin';
import type { ConsoleContext } from '../context';
import { ConsoleError } from '../errors';
import { checkWebhookSignature, ingestWebhook } from '../webhooks';
import { clientIp, limiter } from './rate-limit';

export const tooMany = (seconds: number) =>
  new ConsoleError('rate_limited', 429, `Too many attempts; try again in ${seconds} seconds`);

/** A 429 in the console's error shape with Retry-After. */
export function rateLimited(seconds: number): Response {
  const error = tooMany(seconds);
  return Response.json(
    errorList([{ code: error.code, message: error.message }]),
    { status: 429, headers: { 'retry-after': String(seconds) } },
  );
}

/**
 * A webhook delivery. Requests with a bad or missing signature count against their address
 * (60 a minute); past that they get a 429 without touching the store. Correctly signed
 * deliveries are never throttled.
 */
export async function webhookRequest(req: Request, ctx: ConsoleContext): Promise<Response> {
  const raw = await req.text();
  const ip = clientIp(req);
  const bad = limiter('webhook');
  const wait = bad.retryAfter(ip);
  if (wait > 0 && !checkWebhookSignature(ctx, req.headers, raw).ok) return rateLimited(wait);
  const { status, body } = await ingestWebhook(ctx, req.headers, raw);
  if (status === 401) bad.hit(ip);
  return Response.json(body, { status });
}
