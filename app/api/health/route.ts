import { health } from '@/lib/server/conversations';
import { route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Up or not for anyone; which Fin API and store only for a signed-in caller (never the token). */
export const GET = route('public', (req, ctx) => health(ctx, req.headers));
