import { route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Contract drift: each kind of mismatch between what Fin sent and the contract, with counts. */
export const GET = route('viewer', async (_req, ctx) => ({ items: await ctx.drift.list() }));
