import { route } from '@/lib/server/http';
import { getRun } from '@/lib/server/scenarios';

/** A run's results so far. */
export const GET = route<{ id: string }>('viewer', (_req, ctx, { id }) => getRun(ctx, id));
