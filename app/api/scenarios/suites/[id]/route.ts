import { suiteWriteBodySchema } from '@/lib/console/scenarios';
import { readJson, route } from '@/lib/server/http';
import { deleteSuite, getSuite, updateSuite } from '@/lib/server/scenarios';

export const GET = route<{ id: string }>('viewer', (_req, ctx, { id }) => getSuite(ctx, id));

/** Replaces the suite's text; its `name` may change. */
export const PUT = route<{ id: string }>('lead', async (req, ctx, { id }, me) =>
  updateSuite(ctx, id, await readJson(req, suiteWriteBodySchema), me),
);

/** Deletes the suite and its run history. */
export const DELETE = route<{ id: string }>('lead', (_req, ctx, { id }, me) => deleteSuite(ctx, id, me));
