import { runStartBodySchema } from '@/lib/console/scenarios';
import { readJson, route } from '@/lib/server/http';
import { listRuns, startRun } from '@/lib/server/scenarios';

/** The suite's runs, newest first. */
export const GET = route<{ id: string }>('viewer', (_req, ctx, { id }) => listRuns(ctx, id));

/** Starts a run against the configured Fin API in the background: 202 with its id. `{ scenario }` runs one alone. */
export const POST = route<{ id: string }>('lead', async (req, ctx, { id }, me) => {
  const body = req.headers.get('content-type') ? await readJson(req, runStartBodySchema) : {};
  return Response.json(await startRun(ctx, id, me, body.scenario), { status: 202 });
});
