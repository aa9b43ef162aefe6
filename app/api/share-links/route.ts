import { route } from '@/lib/server/http';
import { shareLinks } from '@/lib/server/share-links';

/** Every share link, newest first, with its status and view count (never its token). */
export const GET = route('lead', (_req, ctx) => shareLinks(ctx));
