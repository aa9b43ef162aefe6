import 'server-only';
import type {
  AskRequest,
  CapabilitiesRequest,
  CapabilitiesResponse,
  ConversationResponse,
  CsatRequest,
  CsatResponse,
  EscalateRequest,
  EscalateResponse,
  FinUser,
  ReplyRequest,
  RunProcedureRequest,
  RunProcedureResponse,
  StartRequest,
} from '@/lib/fin';
import type { ConversationKind } from '@/lib/console/types';
import type { ConsoleContext } from './context';
import { recordConversation, type ConversationRow } from './db/conversations';
import { linkSteps } from './db/hitl-steps';
import { procedureName, rememberProcedures, writeAudit } from './db/records';
import { notePendingStep } from './webhooks';

/**
 * The /api/fin proxy: each function calls the Fin API with the same body and returns its answer
 * unchanged, and on the way records what the console needs (conversation, notes, audit, stream).
 */

const nowIso = () => new Date().toISOString();
const instant = (v: string) => (Number.isNaN(Date.parse(v)) ? new Date() : new Date(v));

/** Lists what the user may do; procedure names are kept so later runs can be labelled. */
export async function capabilities(ctx: ConsoleContext, body: CapabilitiesRequest): Promise<CapabilitiesResponse> {
  const answer = await ctx.fin.capabilities(body);
  await rememberProcedures(
    ctx.db,
    answer.capabilities.flatMap((c) => (c.type === 'procedure' && c.id && c.name ? [{ id: c.id, name: c.name }] : [])),
  );
  return answer;
}

export async function runProcedure(
  ctx: ConsoleContext,
  procedureId: string,
  body: RunProcedureRequest,
  actor: string,
): Promise<RunProcedureResponse> {
  const answer = await ctx.fin.runProcedure(procedureId, body);
  const id = answer.procedure_id || procedureId;
  await track(ctx, 'procedure', body.user, answer, { procedure_id: id, procedure_name: await procedureName(ctx.db, id) });
  await writeAudit(ctx.db, { actor, action: 'run', target: answer.conversation_id, detail: { procedure_id: id } });
  return answer;
}

export async function ask(ctx: ConsoleContext, body: AskRequest, actor: string): Promise<ConversationResponse> {
  const answer = await ctx.fin.ask(body);
  await track(ctx, 'ask', body.user, answer);
  await writeAudit(ctx.db, { actor, action: 'ask', target: answer.conversation_id, detail: null });
  return answer;
}

/** The legacy entry point, still proxied so existing integrations work against the console. */
export async function start(ctx: ConsoleContext, body: StartRequest, actor: string): Promise<ConversationResponse> {
  const answer = await ctx.fin.start(body);
  await track(ctx, 'start', body.user, answer);
  await writeAudit(ctx.db, { actor, action: 'start', target: answer.conversation_id, detail: null });
  return answer;
}

/** A user's reply opens a new response cycle with a new stream URL (no rewind), followed at once. */
export async function reply(ctx: ConsoleContext, body: ReplyRequest, actor: string): Promise<ConversationResponse> {
  const answer = await ctx.fin.reply(body);
  await ctx.hub.ingest(answer.conversation_id, {
    event_name: 'console_user_message',
    body: body.message.body,
    author: body.message.author,
    created_at_ms: nowIso(),
  }, 'console');
  await track(ctx, 'external', body.user, answer, { newCycle: true });
  await writeAudit(ctx.db, { actor, action: 'reply', target: answer.conversation_id, detail: null });
  return answer;
}

/**
 * Escalates an existing conversation, or (by user) opens a new one the console then tracks
 * under its own id (`conversation_id`, else `intercom-<intercom id>`).
 */
export async function escalate(ctx: ConsoleContext, body: EscalateRequest, actor: string): Promise<EscalateResponse> {
  const answer = await ctx.fin.escalate(body);
  const id = body.conversation_id ?? answer.conversation_id ?? `intercom-${answer.intercom_conversation_id ?? crypto.randomUUID()}`;
  const note = { event_name: 'console_escalation_requested' as const, context: body.context ?? null, created_at_ms: nowIso() };
  if (body.user) {
    await track(ctx, 'escalation', body.user, {
      conversation_id: id,
      status: answer.status,
      created_at_ms: nowIso(),
      sse_subscription_url: answer.sse_subscription_url,
      intercom_conversation_id: answer.intercom_conversation_id,
    });
    await ctx.hub.ingest(id, note, 'console');
  } else {
    await ctx.hub.ingest(id, note, 'console');
    const row = await ctx.db.transaction(async (tx) => {
      const rows = await tx.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1 FOR UPDATE', [id]);
      return recordConversation(tx, {
        id,
        kind: rows[0]?.kind ?? 'external',
        user: rows[0]?.user_json ?? { id: 'unknown' },
        status: answer.status,
        status_at: new Date(),
        sse_url: answer.sse_subscription_url ?? null,
        intercom_conversation_id: answer.intercom_conversation_id ?? null,
      });
    });
    await afterRecord(ctx, row);
  }
  await writeAudit(ctx.db, { actor, action: 'escalate', target: id, detail: { context: body.context ?? null } });
  return answer;
}

export async function csat(ctx: ConsoleContext, body: CsatRequest, actor: string): Promise<CsatResponse> {
  const answer = await ctx.fin.csat(body);
  await ctx.hub.ingest(answer.conversation_id, {
    event_name: 'console_csat_submitted',
    rating: answer.rating,
    remark: body.remark ?? null,
    created_at_ms: nowIso(),
  }, 'console');
  await writeAudit(ctx.db, { actor, action: 'csat', target: answer.conversation_id, detail: { rating: answer.rating } });
  return answer;
}

/** Records the conversation an answer describes, keeps attribute warnings, and follows its stream. */
async function track(
  ctx: ConsoleContext,
  kind: ConversationKind,
  user: FinUser,
  answer: Pick<ConversationResponse, 'conversation_id' | 'status' | 'created_at_ms' | 'sse_subscription_url' | 'intercom_conversation_id' | 'errors'>,
  extra: { procedure_id?: string; procedure_name?: string | null; newCycle?: boolean } = {},
): Promise<void> {
  const row = await ctx.db.transaction((tx) =>
    recordConversation(tx, {
      id: answer.conversation_id,
      kind,
      user,
      status: answer.status,
      status_at: instant(answer.created_at_ms),
      sse_url: answer.sse_subscription_url ?? null,
      intercom_conversation_id: answer.intercom_conversation_id ?? null,
      warnings: hasWarnings(answer.errors) ? answer.errors : null,
      procedure_id: extra.procedure_id ?? null,
      procedure_name: extra.procedure_name ?? null,
      newCycle: extra.newCycle ?? false,
    }),
  );
  if (answer.errors && hasWarnings(answer.errors)) {
    await ctx.hub.ingest(row.id, { event_name: 'console_attribute_warnings', errors: answer.errors, created_at_ms: nowIso() }, 'console');
  }
  await afterRecord(ctx, row);
}

/** Announces the row, adopts HITL steps that arrived before the console knew the Intercom id, follows the stream. */
async function afterRecord(ctx: ConsoleContext, row: ConversationRow): Promise<void> {
  ctx.hub.publishConversation(row);
  if (row.intercom_conversation_id) {
    for (const step of await linkSteps(ctx.db, row.intercom_conversation_id, row.id)) {
      ctx.hub.publishHitl('updated', step);
      await notePendingStep(ctx, step, row.id);
    }
  }
  if (row.sse_url) ctx.hub.follow(row.id);
}

const hasWarnings = (e: ConversationResponse['errors']): e is NonNullable<ConversationResponse['errors']> =>
  !!e && (Object.keys(e.user?.attributes ?? {}).length > 0 || Object.keys(e.conversation?.attributes ?? {}).length > 0);
