import { csatRequestSchema } from '@/lib/fin';
import { csat } from '@/lib/server/fin-proxy';
import { readJson, route } from '@/lib/server/http';

/** Proxies POST /fin/csat: same body, same answer as the Fin API. */
export const POST = route('lead', async (req, ctx, _p, me) =>
  csat(ctx, await readJson(req, csatRequestSchema), me),
);
