import { requestOrigin, startOAuth } from '@/lib/server/connection/service';
import { methodNotAllowed, route } from '@/lib/server/http';

/** A fresh single-use state and Intercom's authorize URL for the browser to go to. */
export const POST = route('lead', async (req, ctx, _p, me) => startOAuth(ctx, me, requestOrigin(req)));

/** A GET could be sent by any link or image on another site: starting takes a same-site POST. */
export const GET = methodNotAllowed('POST');
