import { connectionView, requestOrigin } from '@/lib/server/connection/service';
import { route } from '@/lib/server/http';

/** The Fin API target, the token in use and its last check, and the webhook URLs (never a secret; the secrets' last characters for leads only). */
export const GET = route('viewer', async (req, ctx, _p, me) => connectionView(ctx, requestOrigin(req), me));
