import { forkBodySchema, listForks, startFork } from '@/lib/server/forks';
import { readJson, route } from '@/lib/server/http';

/** What-if forks of a finished run: its replays on the simulator with another HITL answer. */
export const GET = route<{ id: string }>('viewer', async (_req, ctx, { id }) =>
  Response.json(await listForks(ctx, id)),
);

export const POST = route<{ id: string }>('lead', async (req, ctx, { id }, me) =>
  Response.json(await startFork(ctx, id, await readJson(req, forkBodySchema), me), { status: 201 }),
);
