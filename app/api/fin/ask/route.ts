import { askRequestSchema } from '@/lib/fin';
import { ask } from '@/lib/server/fin-proxy';
import { readJson, route } from '@/lib/server/http';

/** Proxies POST /fin/ask: same body, same answer as the Fin API. */
export const POST = route('lead', async (req, ctx, _p, me) =>
  ask(ctx, await readJson(req, askRequestSchema), me, new URL(req.url).origin),
);
