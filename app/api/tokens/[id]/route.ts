import { dropToken } from '@/lib/server/auth/service';
import { route } from '@/lib/server/http';

/** Revokes a token: a lead any, anyone else their own. */
export const DELETE = route<{ id: string }>('viewer', (_req, ctx, { id }, me) => dropToken(ctx, me, id));
