import { finishOAuth, oauthRedirect, settingsUrl } from '@/lib/server/connection/service';
import { route } from '@/lib/server/http';

/** Where Intercom sends the browser back: checks the state, stores the token, returns to Settings. */
export const GET = route('lead', async (req, ctx, _p, me) =>
  oauthRedirect(async () => {
    await finishOAuth(ctx, me, new URL(req.url).searchParams);
    return settingsUrl({ connected: true });
  }),
);
