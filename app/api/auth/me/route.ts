import { whoAmI } from '@/lib/server/auth/service';
import { route } from '@/lib/server/http';

/** Who is signed in, with their role and how they authenticated. */
export const GET = route('viewer', async (_req, _ctx, _p, me) => whoAmI(me));
