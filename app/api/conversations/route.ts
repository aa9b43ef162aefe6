import { listConversations } from '@/lib/server/conversations';
import { route } from '@/lib/server/http';

/** Conversations, newest first; filters: status, procedure_id, q (id search). */
export const GET = route('viewer', (req, ctx) => listConversations(ctx, new URL(req.url).searchParams));
