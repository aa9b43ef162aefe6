import { oauthRedirect, requestOrigin, startOAuth } from '@/lib/server/connection/service';
import { route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Sends the browser to Intercom's authorize page with a fresh single-use state. */
export const GET = route('lead', async (req, ctx, _p, me) =>
  oauthRedirect(() => startOAuth(ctx, me, requestOrigin(req))),
);
