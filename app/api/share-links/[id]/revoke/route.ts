import { route } from '@/lib/server/http';
import { revokeShareLink } from '@/lib/server/share-links';

/** Stops a share link from opening; revoking twice is harmless. */
export const POST = route<{ id: string }>('lead', (_req, ctx, { id }, me) => revokeShareLink(ctx, me, id));
