import { health } from '@/lib/server/conversations';
import { route } from '@/lib/server/http';

/** Up or not for anyone; which Fin API and store only for a signed-in caller (never the token). */
export const GET = route('public', (req, ctx) => health(ctx, req.headers));
