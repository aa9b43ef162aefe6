import { replyRequestSchema } from '@/lib/fin';
import { reply } from '@/lib/server/fin-proxy';
import { readJson, route } from '@/lib/server/http';

/** Proxies POST /fin/reply: same body, same answer as the Fin API. */
export const POST = route('lead', async (req, ctx, _p, me) =>
  reply(ctx, await readJson(req, replyRequestSchema), me, new URL(req.url).origin),
);
