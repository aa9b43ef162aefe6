import { checkConnection, requestOrigin } from '@/lib/server/connection/service';
import { route } from '@/lib/server/http';

/** Checks the token in use with Intercom's GET /me and answers the connection afresh. */
export const POST = route('lead', async (req, ctx, _p, me) => checkConnection(ctx, requestOrigin(req), me));
