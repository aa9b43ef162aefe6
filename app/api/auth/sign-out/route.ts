import { assertSameSite } from '@/lib/server/auth/origin';
import { signOut } from '@/lib/server/auth/service';
import { route } from '@/lib/server/http';

/** Ends the session and clears the cookie (answers the same when already signed out). */
export const POST = route('public', async (req, ctx) => {
  assertSameSite(req);
  return signOut(ctx, req);
});
