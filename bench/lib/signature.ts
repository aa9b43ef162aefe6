import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The bare servers' check of a Fin event webhook's `sha256=` HMAC. */
export function signedBy(secret: string, headers: IncomingHttpHeaders, raw: Buffer): boolean {
  const given = Buffer.from(
    String(headers['x-fin-agent-api-webhook-signature'] ?? '').replace(/^sha256=/, ''),
    'hex',
  );
  const expected = createHmac('sha256', secret).update(raw).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
