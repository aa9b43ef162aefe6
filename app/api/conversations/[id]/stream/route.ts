import { route } from '@/lib/server/http';
import { conversationFeed, resumeSeq, SSE_HEADERS, eventStream } from '@/lib/server/sse';
import { admitStream } from '@/lib/server/stream-guard';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The live timeline: replays events after Last-Event-ID (or ?after=), then streams new ones. */
export const GET = route<{ id: string }>('viewer', async (req, ctx, { id }, me) => {
  const open = await conversationFeed(ctx, id, resumeSeq(req));
  const ticket = admitStream(ctx, req.headers, me, 'viewer');
  return new Response(eventStream(req, { ticket }, open), { headers: SSE_HEADERS });
});
