import { health } from '@/lib/server/conversations';
import { route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Which Fin API and store the console is wired to (never the token). */
export const GET = route('public', (_req, ctx) => health(ctx));
