import { runProcedureRequestSchema } from '@/lib/fin';
import { runProcedure } from '@/lib/server/fin-proxy';
import { actorOf, readJson, route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Proxies POST /fin/procedures/:id/run: same body, same answer as the Fin API. */
export const POST = route<{ procedureId: string }>(async (req, ctx, { procedureId }) =>
  runProcedure(ctx, procedureId, await readJson(req, runProcedureRequestSchema), actorOf(req)),
);
