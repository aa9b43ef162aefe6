import { suiteWriteBodySchema } from '@/lib/console/scenarios';
import { readJson, route } from '@/lib/server/http';
import { createSuite, listSuites } from '@/lib/server/scenarios';

/** The scenario suites with their latest run, and whether runs reach real Intercom. */
export const GET = route('viewer', (_req, ctx) => listSuites(ctx));

/** A new suite from its YAML or JSON text (`{ body }`); 400 names each problem's line. */
export const POST = route('lead', async (req, ctx, _p, me) =>
  Response.json(await createSuite(ctx, await readJson(req, suiteWriteBodySchema), me), { status: 201 }),
);
