import { escalateRequestSchema } from '@/lib/fin';
import { escalate } from '@/lib/server/fin-proxy';
import { readJson, route } from '@/lib/server/http';

/** Proxies POST /fin/escalate: same body, same answer as the Fin API. */
export const POST = route('lead', async (req, ctx, _p, me) =>
  escalate(ctx, await readJson(req, escalateRequestSchema), me, new URL(req.url).origin),
);
