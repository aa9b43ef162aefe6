import { disconnectOAuth, requestOrigin } from '@/lib/server/connection/service';
import { route } from '@/lib/server/http';

/** Forgets the OAuth token: calls use INTERCOM_ACCESS_TOKEN again. */
export const DELETE = route('lead', async (req, ctx, _p, me) => disconnectOAuth(ctx, me, requestOrigin(req)));
