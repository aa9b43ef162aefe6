import { getConversationDetail } from '@/lib/server/conversations';
import { route } from '@/lib/server/http';

/** One conversation with its whole event log in seq order. */
export const GET = route<{ id: string }>('viewer', (_req, ctx, { id }) => getConversationDetail(ctx, id));
