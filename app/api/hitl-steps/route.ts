import { z } from 'zod';
import { listSteps } from '@/lib/server/hitl';
import { route } from '@/lib/server/http';

const filter = z.enum(['pending', 'answered', 'failed']).optional();

/** The HITL inbox; ?status=pending|answered|failed. */
export const GET = route('viewer', (req, ctx) =>
  listSteps(ctx, filter.parse(new URL(req.url).searchParams.get('status') || undefined)),
);
