import { route } from '@/lib/server/http';
import { webhookRequest } from '@/lib/server/auth/webhook-guard';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Intercom app webhooks (X-Hub-Signature) and Fin event webhooks (X-Fin-Agent-API-Webhook-Signature).
 * Public: the signature is the credential. Badly signed requests are limited per address.
 */
export const POST = route('public', (req, ctx) => webhookRequest(req, ctx));

/** Intercom validates a webhook URL with HEAD. */
export function HEAD() {
  return new Response(null, { status: 200 });
}
