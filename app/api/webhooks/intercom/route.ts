import { route } from '@/lib/server/http';
import { ingestWebhook } from '@/lib/server/webhooks';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Intercom app webhooks (X-Hub-Signature) and Fin event webhooks (X-Fin-Agent-API-Webhook-Signature). */
export const POST = route(async (req, ctx) => {
  const { status, body } = await ingestWebhook(ctx, req.headers, await req.text());
  return Response.json(body, { status });
});

/** Intercom validates a webhook URL with HEAD. */
export function HEAD() {
  return new Response(null, { status: 200 });
}
