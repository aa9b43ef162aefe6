import { route } from '@/lib/server/http';

/** Contract drift: each kind of mismatch between what Fin sent and the contract, with counts. */
export const GET = route('viewer', async (_req, ctx) => ({ items: await ctx.drift.list() }));
