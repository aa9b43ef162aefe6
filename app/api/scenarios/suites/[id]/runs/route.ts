import { route } from '@/lib/server/http';
import { listRuns, startRun } from '@/lib/server/scenarios';

/** The suite's runs, newest first. */
export const GET = route<{ id: string }>('viewer', (_req, ctx, { id }) => listRuns(ctx, id));

/** Starts a run against the configured Fin API in the background: 202 with its id. Any body is ignored. */
export const POST = route<{ id: string }>('lead', async (_req, ctx, { id }, me) =>
  Response.json(await startRun(ctx, id, me), { status: 202 }),
);
