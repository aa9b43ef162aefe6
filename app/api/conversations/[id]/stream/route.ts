import { route } from '@/lib/server/http';
import { conversationStream, resumeSeq, SSE_HEADERS } from '@/lib/server/sse';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The live timeline: replays events after Last-Event-ID (or ?after=), then streams new ones. */
export const GET = route<{ id: string }>('viewer', async (req, ctx, { id }) => {
  const body = await conversationStream(ctx, id, resumeSeq(req), req);
  return new Response(body, { headers: SSE_HEADERS });
});
