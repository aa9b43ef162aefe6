import { listApiCalls } from '@/lib/server/db/records';
import { route } from '@/lib/server/http';

/** The inspector: calls made to the Fin API, newest first, optionally for one conversation. */
export const GET = route('viewer', (req, ctx) =>
  listApiCalls(ctx.db, new URL(req.url).searchParams.get('conversation_id') || undefined),
);
