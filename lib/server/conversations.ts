import 'server-only';
import { z } from 'zod';
import { finStatusSchema } from '@/lib/fin';
import type { ConversationDetail } from '@/lib/console/types';
import { authenticate } from './auth/authenticate';
import type { ConsoleContext } from './context';
import { getConversationRow, listConversations as listRows, toConversation } from './db/conversations';
import { listEvents } from './db/events';
import { ConsoleError } from './errors';
import { log } from './log';

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
  if (!row) throw new ConsoleError('not_found', 'No such conversation');
  return { conversation: toConversation(row), events: await listEvents(ctx.db, id) };
}

/** `{ ok: true }`, or 503 when the store does not answer; signed-in callers also learn the wiring, never the token. */
export async function health(ctx: ConsoleContext, headers: Headers) {
  try {
    await ctx.db.query('SELECT 1');
  } catch (error) {
    log.warn('Health check: the store does not answer', error);
    return Response.json({ ok: false }, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
  if (!(await authenticate(ctx, headers))) return { ok: true };
  return {
    ok: true,
    fin_api: ctx.env.finApiTarget,
    base_url: ctx.env.finApiBaseUrl,
    store: ctx.db.kind,
  };
}
