import { route } from '@/lib/server/http';
import { hitlStream, SSE_HEADERS } from '@/lib/server/sse';
import { admitStream } from '@/lib/server/stream-guard';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Live inbox updates: `created` and `updated` messages carrying the HitlStep. */
export const GET = route('viewer', async (req, ctx, _params, me) => {
  const ticket = admitStream(ctx, req.headers, me, 'viewer');
  return new Response(hitlStream(ctx, req, { ticket }), { headers: SSE_HEADERS });
});
