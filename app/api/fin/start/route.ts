import { startRequestSchema } from '@/lib/fin';
import { start } from '@/lib/server/fin-proxy';
import { actorOf, readJson, route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Proxies POST /fin/start: same body, same answer as the Fin API. */
export const POST = route(async (req, ctx) =>
  start(ctx, await readJson(req, startRequestSchema), actorOf(req)),
);
