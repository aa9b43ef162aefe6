import { z } from 'zod';
import { readJson, route } from '@/lib/server/http';
import { createProcedure, listProcedures } from '@/lib/server/procedures';

/** The simulator's procedures in demo mode; against Intercom, `managedBy: 'intercom'` and none. */
export const GET = route('viewer', (_req, ctx) => listProcedures(ctx));

export const POST = route('lead', async (req, ctx, _p, me) =>
  createProcedure(ctx, me, await readJson(req, z.unknown())),
);
