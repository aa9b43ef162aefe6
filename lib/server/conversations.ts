import 'server-only';
import { z } from 'zod';
import { finStatusSchema } from '@/lib/fin';
import type { ConversationDetail } from '@/lib/console/types';
import type { ConsoleContext } from './context';
import { getConversationRow, listConversations as listRows, toConversation } from './db/conversations';
import { listEvents } from './db/events';
import { ConsoleError } from './errors';

export const conversationFiltersSchema = z.object({
  status: finStatusSchema.optional(),
  procedure_id: z.string().trim().min(1).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** The conversation list the UI filters: by status, procedure, or a piece of an id. */
export async function listConversations(ctx: ConsoleContext, searchParams: URLSearchParams) {
  const filters = conversationFiltersSchema.parse(
    Object.fromEntries([...searchParams].filter(([, v]) => v !== '')),
  );
  return listRows(ctx.db, filters);
}

export async function getConversationDetail(ctx: ConsoleContext, id: string): Promise<ConversationDetail> {
  const row = await getConversationRow(ctx.db, id);
  if (!row) throw new ConsoleError('not_found', 404, 'No such conversation');
  return { conversation: toConversation(row), events: await listEvents(ctx.db, id) };
}

/** What the settings page shows about the wiring; never the token. */
export async function health(ctx: ConsoleContext) {
  await ctx.db.query('SELECT 1');
  return {
    ok: true,
    fin_api: ctx.env.finApiTarget,
    base_url: ctx.env.finApiBaseUrl,
    store: ctx.db.kind,
  };
}
