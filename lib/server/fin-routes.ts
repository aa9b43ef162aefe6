import 'server-only';
import { replyRequestSchema, startRequestSchema } from '@/lib/fin';
import { reply, start } from './fin-proxy';
import { readJson, route } from './http';

// The realtime entry serves these two (each cycle of a live conversation begins with one);
// the app's route files re-export them (docs/decisions/realtime-entry.md).

/** Proxies POST /fin/start: same body, same answer as the Fin API. */
export const startRoute = route('lead', async (req, ctx, _p, me) =>
  start(ctx, await readJson(req, startRequestSchema), me, new URL(req.url).origin),
);

/** Proxies POST /fin/reply: same body, same answer as the Fin API. */
export const replyRoute = route('lead', async (req, ctx, _p, me) =>
  reply(ctx, await readJson(req, replyRequestSchema), me, new URL(req.url).origin),
);
