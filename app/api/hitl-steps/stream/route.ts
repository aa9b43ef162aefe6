import { route } from '@/lib/server/http';
import { hitlStream, SSE_HEADERS } from '@/lib/server/sse';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Live inbox updates: `created` and `updated` messages carrying the HitlStep. */
export const GET = route(
  'viewer',
  async (req, ctx) => new Response(hitlStream(ctx, req), { headers: SSE_HEADERS }),
);
