import { getConversationDetail } from '@/lib/server/conversations';
import { route } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** One conversation with its whole event log in seq order. */
export const GET = route<{ id: string }>('viewer', (_req, ctx, { id }) => getConversationDetail(ctx, id));
