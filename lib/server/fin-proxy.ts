import 'server-only';
import {
  finStatusSchema,
  type AskRequest,
  type CapabilitiesRequest,
  type ConversationAnswer,
  type CsatRequest,
  type EscalateRequest,
  type FinStatus,
  type FinUser,
  type ReplyRequest,
  type RunProcedureRequest,
  type StartRequest,
} from '@/lib/fin';
import type { ConsoleEvent, ConversationKind } from '@/lib/console/types';
import { auditActor, type Actor } from './auth/roles';
import type { ConsoleContext } from './context';
import { getConversationRow, type ConversationRow } from './db/conversations';
import { linkSteps } from './db/hitl-steps';
import { fitsKey, MAX_KEY_BYTES } from './db';
import { procedureName, rememberProcedures, writeAudit } from './db/records';
import { fieldError } from './errors';
import { adoptRecentSteps } from './hitl-link';
import { log } from './log';
import { notePendingStep } from './webhooks';

// Each call passes Fin's body and answer through unchanged; a 2xx is never turned into an error by its shape.

const nowIso = () => new Date().toISOString();

// Fin has already acted: a store failure must not turn its answer into an error (a retry would be refused).
async function record(what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    log.error(`Fin accepted ${what} but the console could not record it`, error);
  }
}
const instant = (v: string | undefined) =>
  v === undefined || Number.isNaN(Date.parse(v)) ? new Date() : new Date(v);
const isKnownStatus = (s: string) => finStatusSchema.safeParse(s).success;
const knownStatus = (s: string | undefined): FinStatus => {
  const parsed = finStatusSchema.safeParse(s);
  return parsed.success ? parsed.data : 'thinking';
};

export const MAX_CONVERSATION_ID_BYTES = MAX_KEY_BYTES;

/** Refuses an id the console could not store before Fin is asked: Fin would run a conversation never recorded. */
function assertStorableId(id: string | undefined): void {
  if (id === undefined || fitsKey(id)) return;
  const message = `conversation_id is too long (at most ${MAX_CONVERSATION_ID_BYTES} bytes)`;
  throw fieldError('parameter_invalid', message, 'conversation_id');
}

/** The console's own stream URL for a cycle: Fin's carries an access token and stays on the server. */
function consoleStreamUrl(origin: string, id: string, after: number): string {
  return `${origin}/api/conversations/${encodeURIComponent(id)}/fin-stream?after=${after}`;
}

async function seqBefore(ctx: ConsoleContext, id: string | undefined): Promise<number> {
  if (id === undefined) return 0;
  try {
    return await ctx.hub.lastSeq(id);
  } catch (error) {
    log.warn('Could not read where a conversation stands before calling Fin', String(error));
    return 0;
  }
}

function withConsoleStream(answer: unknown, origin: string, id: string, after: number): unknown {
  if (!answer || typeof answer !== 'object' || !('sse_subscription_url' in answer)) return answer;
  if (typeof answer.sse_subscription_url !== 'string') return answer;
  return { ...answer, sse_subscription_url: consoleStreamUrl(origin, id, after) };
}

export async function capabilities(ctx: ConsoleContext, body: CapabilitiesRequest): Promise<unknown> {
  const { data, body: answer } = await ctx.fin.capabilities(body);
  await rememberProcedures(
    ctx.db,
    (data.capabilities ?? []).flatMap((c) =>
      c.type === 'procedure' && c.id && c.name ? [{ id: c.id, name: c.name }] : [],
    ),
  );
  return answer;
}

export async function runProcedure(
  ctx: ConsoleContext,
  procedureId: string,
  body: RunProcedureRequest,
  actor: Actor,
  origin = '',
): Promise<unknown> {
  assertStorableId(body.conversation_id);
  const after = await seqBefore(ctx, body.conversation_id);
  // No HITL step received before this instant can be this run's.
  const askedAt = new Date();
  const { data, body: answer } = await ctx.fin.runProcedure(procedureId, body);
  const id = data.procedure_id || procedureId;
  const conversationId = data.conversation_id ?? body.conversation_id;
  await record('a run', async () => {
    const name = await procedureName(ctx.db, id);
    await track(ctx, 'procedure', body.user, conversationId, data, {
      procedure_id: id,
      procedure_name: name,
    });
    if (!name) void labelFromCatalogue(ctx, conversationId, id, body.user, askedAt);
    else await adoptRecentSteps(ctx, askedAt);
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'run',
      target: conversationId,
      detail: { procedure_id: id },
    });
  });
  return withConsoleStream(answer, origin, conversationId, after);
}

export async function ask(
  ctx: ConsoleContext,
  body: AskRequest,
  actor: Actor,
  origin = '',
): Promise<unknown> {
  assertStorableId(body.conversation_id);
  const after = await seqBefore(ctx, body.conversation_id);
  const { data, body: answer } = await ctx.fin.ask(body);
  const conversationId = data.conversation_id ?? body.conversation_id;
  await record('a question', async () => {
    await track(ctx, 'ask', body.user, conversationId, data);
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'ask',
      target: conversationId,
      detail: null,
    });
  });
  return withConsoleStream(answer, origin, conversationId, after);
}

export async function start(
  ctx: ConsoleContext,
  body: StartRequest,
  actor: Actor,
  origin = '',
): Promise<unknown> {
  assertStorableId(body.conversation_id);
  const after = await seqBefore(ctx, body.conversation_id);
  const { data, body: answer } = await ctx.fin.start(body);
  const conversationId = data.conversation_id ?? body.conversation_id;
  await record('a conversation', async () => {
    await track(ctx, 'start', body.user, conversationId, data);
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'start',
      target: conversationId,
      detail: null,
    });
  });
  return withConsoleStream(answer, origin, conversationId, after);
}

export async function reply(
  ctx: ConsoleContext,
  body: ReplyRequest,
  actor: Actor,
  origin = '',
): Promise<unknown> {
  assertStorableId(body.conversation_id);
  const after = await seqBefore(ctx, body.conversation_id);
  const { data, body: answer } = await ctx.fin.reply(body);
  const conversationId = data.conversation_id ?? body.conversation_id;
  // Logged with the new stream URL in one transaction, so it precedes every event of its cycle.
  await record('a reply', async () => {
    await track(ctx, 'external', body.user, conversationId, data, {
      newCycle: true,
      note: {
        event_name: 'console_user_message',
        body: body.message.body,
        author: body.message.author,
        created_at_ms: nowIso(),
      },
    });
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'reply',
      target: conversationId,
      detail: null,
    });
  });
  return withConsoleStream(answer, origin, conversationId, after);
}

export async function escalate(
  ctx: ConsoleContext,
  body: EscalateRequest,
  actor: Actor,
  origin = '',
): Promise<unknown> {
  assertStorableId(body.conversation_id);
  const after = await seqBefore(ctx, body.conversation_id);
  // The answer has no timestamp: stamped with the request's departure, it never rolls back later events.
  const sentAt = nowIso();
  const { data, body: answer } = await ctx.fin.escalate(body);
  const id =
    body.conversation_id ??
    data.conversation_id ??
    `intercom-${data.intercom_conversation_id ?? crypto.randomUUID()}`;
  const note = {
    event_name: 'console_escalation_requested' as const,
    context: body.context ?? null,
    created_at_ms: nowIso(),
  };
  await record('an escalation', async () => {
    const existing = body.user ? null : await getConversationRow(ctx.db, id);
    await track(
      ctx,
      existing?.kind ?? (body.user ? 'escalation' : 'external'),
      body.user ?? existing?.user_json ?? { id: 'unknown' },
      id,
      { ...data, status: data.status ?? 'escalated', created_at_ms: sentAt },
      { note },
    );
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'escalate',
      target: id,
      detail: { context: body.context ?? null },
    });
  });
  return withConsoleStream(answer, origin, id, after);
}

export async function csat(ctx: ConsoleContext, body: CsatRequest, actor: Actor): Promise<unknown> {
  assertStorableId(body.conversation_id);
  const { data, body: answer } = await ctx.fin.csat(body);
  const rating = data.rating ?? body.rating;
  await record('a rating', async () => {
    const note = {
      event_name: 'console_csat_submitted' as const,
      rating,
      remark: body.remark ?? null,
      created_at_ms: nowIso(),
    };
    await ctx.hub.ingest(body.conversation_id, note, 'console');
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'csat',
      target: body.conversation_id,
      detail: { rating },
    });
  });
  return answer;
}

/** A run started without the catalogue read: the procedure's name is looked up in the background. */
async function labelFromCatalogue(
  ctx: ConsoleContext,
  conversationId: string,
  procedureId: string,
  user: FinUser,
  askedAt: Date,
) {
  try {
    await capabilities(ctx, { user });
    const rows = await ctx.db.query<ConversationRow>(
      `UPDATE conversations SET procedure_name = p.name, updated_at = now() FROM procedures p
       WHERE conversations.id = $1 AND p.id = $2 AND conversations.procedure_name IS NULL RETURNING conversations.*`,
      [conversationId, procedureId],
    );
    if (rows[0]) ctx.hub.publishConversation(rows[0]);
    // Its HITL step may have arrived first and waited for the name to be linked.
    await adoptRecentSteps(ctx, askedAt);
  } catch (error) {
    log.warn(`Could not look up the name of procedure ${procedureId}`, String(error));
  }
}

async function track(
  ctx: ConsoleContext,
  kind: ConversationKind,
  user: FinUser,
  conversationId: string,
  answer: ConversationAnswer,
  extra: {
    procedure_id?: string;
    procedure_name?: string | null;
    newCycle?: boolean;
    note?: ConsoleEvent;
  } = {},
): Promise<void> {
  const warnings = hasWarnings(answer.errors) ? answer.errors : null;
  const notes: ConsoleEvent[] = [
    ...(extra.note ? [extra.note] : []),
    ...(warnings
      ? [{ event_name: 'console_attribute_warnings' as const, errors: warnings, created_at_ms: nowIso() }]
      : []),
  ];
  const row = await ctx.hub.ingest({
    conversation: {
      id: conversationId,
      kind,
      user,
      status: knownStatus(answer.status),
      status_at: answer.status && isKnownStatus(answer.status) ? instant(answer.created_at_ms) : null,
      sse_url: answer.sse_subscription_url ?? null,
      intercom_conversation_id: answer.intercom_conversation_id ?? null,
      warnings,
      procedure_id: extra.procedure_id ?? null,
      procedure_name: extra.procedure_name ?? null,
      newCycle: extra.newCycle ?? false,
    },
    notes,
  });
  if (row.sse_url) ctx.hub.follow(row.id, row);
  if (row.intercom_conversation_id) {
    for (const step of await linkSteps(ctx.db, row.intercom_conversation_id, row.id)) {
      ctx.hub.publishHitl('updated', step);
      await notePendingStep(ctx, step, row.id);
    }
  }
}

const hasWarnings = (e: ConversationAnswer['errors']): e is NonNullable<ConversationAnswer['errors']> =>
  !!e &&
  (Object.keys(e.user?.attributes ?? {}).length > 0 ||
    Object.keys(e.conversation?.attributes ?? {}).length > 0);
