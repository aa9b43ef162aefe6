import { capabilitiesRequestSchema } from '@/lib/fin';
import { capabilities } from '@/lib/server/fin-proxy';
import { readJson, route } from '@/lib/server/http';

/** Proxies POST /fin/capabilities: same body, same answer as the Fin API. */
export const POST = route('viewer', async (req, ctx) =>
  capabilities(ctx, await readJson(req, capabilitiesRequestSchema)),
);
