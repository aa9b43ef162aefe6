import { signInBodySchema } from '@/lib/console/auth';
import { assertSameSite } from '@/lib/server/auth/origin';
import { signIn } from '@/lib/server/auth/service';
import { readJson, route } from '@/lib/server/http';

/** Email and password → a session cookie. Refused from other sites (no signing someone in from elsewhere). */
export const POST = route('public', async (req, ctx) => {
  assertSameSite(req);
  return signIn(ctx, req, await readJson(req, signInBodySchema));
});
