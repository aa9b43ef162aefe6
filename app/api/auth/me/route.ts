import { whoAmI } from '@/lib/server/auth/service';
import { route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Who is signed in, with their role and how they authenticated. */
export const GET = route('viewer', async (_req, _ctx, _p, me) => whoAmI(me));
