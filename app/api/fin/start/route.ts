import { startRequestSchema } from '@/lib/fin';
import { start } from '@/lib/server/fin-proxy';
import { readJson, route } from '@/lib/server/http';

/** Proxies POST /fin/start: same body, same answer as the Fin API. */
export const POST = route('lead', async (req, ctx, _p, me) =>
  start(ctx, await readJson(req, startRequestSchema), me, new URL(req.url).origin),
);
