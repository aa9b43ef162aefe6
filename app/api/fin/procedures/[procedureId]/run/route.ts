import { runProcedureRequestSchema } from '@/lib/fin';
import { runProcedure } from '@/lib/server/fin-proxy';
import { readJson, route } from '@/lib/server/http';

/** Proxies POST /fin/procedures/:id/run: same body, same answer as the Fin API. */
export const POST = route<{ procedureId: string }>('lead', async (req, ctx, { procedureId }, me) =>
  runProcedure(ctx, procedureId, await readJson(req, runProcedureRequestSchema), me, new URL(req.url).origin),
);
