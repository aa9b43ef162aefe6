import { askRequestSchema } from '@/lib/fin';
import { ask } from '@/lib/server/fin-proxy';
import { actorOf, readJson, route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Proxies POST /fin/ask: same body, same answer as the Fin API. */
export const POST = route(async (req, ctx) => ask(ctx, await readJson(req, askRequestSchema), actorOf(req)));
