import { z } from 'zod';
import { readJson, route } from '@/lib/server/http';
import { deleteProcedure, readProcedure, replaceProcedure } from '@/lib/server/procedures';

type Params = { id: string };

export const GET = route<Params>('viewer', (_req, ctx, { id }) => readProcedure(ctx, id));

export const PUT = route<Params>('lead', async (req, ctx, { id }, me) =>
  replaceProcedure(ctx, me, id, await readJson(req, z.unknown())),
);

export const DELETE = route<Params>('lead', (_req, ctx, { id }, me) => deleteProcedure(ctx, me, id));
