import { route } from '@/lib/server/http';
import { loadReplay } from '@/lib/server/replay';

/** The conversation as the presenter replay plays it: steps, HITL decisions with answers, notes. */
export const GET = route<{ id: string }>('viewer', (_req, ctx, { id }) => loadReplay(ctx, id));
