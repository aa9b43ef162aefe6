import { route } from '@/lib/server/http';
import { eventStream, finWireFeed, resumeSeq, SSE_HEADERS } from '@/lib/server/sse';
import { admitStream } from '@/lib/server/stream-guard';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * The `sse_subscription_url` the proxy answers with: the conversation's Fin events in Fin's own
 * SSE format after `?after=` (or Last-Event-ID), under the caller's credentials.
 */
export const GET = route<{ id: string }>('viewer', async (req, ctx, { id }, me) => {
  const open = await finWireFeed(ctx, id, resumeSeq(req));
  const ticket = admitStream(ctx, req.headers, me, 'viewer');
  return new Response(eventStream(req, { ticket }, open), { headers: SSE_HEADERS });
});
