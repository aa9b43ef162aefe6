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
import type { ConsoleEvent, ConversationKind } from '@/lib/console/types';
import { auditActor, type Actor } from './auth/roles';
import type { ConsoleContext } from './context';
import { getConversationRow, type ConversationRow } from './db/conversations';
import { recordConversation } from './db/events';
import { linkSteps } from './db/hitl-steps';
import { fitsKey, MAX_KEY_BYTES } from './db';
import { procedureName, rememberProcedures, writeAudit } from './db/records';
import { ConsoleError } from './errors';
import { adoptRecentSteps } from './hitl-link';
import { log } from './log';
import { notePendingStep } from './webhooks';

/**
 * The /api/fin proxy: each function calls the Fin API with the same body and returns its answer
 * unchanged, and on the way records what the console needs (conversation, notes, audit, stream).
 */

const nowIso = () => new Date().toISOString();

/**
 * Bookkeeping after Fin accepted a call. Fin has already acted, so a store failure here must not
 * turn its answer into an error (a retry would be refused as a duplicate): log it and answer.
 */
async function record(what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    log.error(`Fin accepted ${what} but the console could not record it`, error);
  }
}
const instant = (v: string) => (Number.isNaN(Date.parse(v)) ? new Date() : new Date(v));

export const MAX_CONVERSATION_ID_BYTES = MAX_KEY_BYTES;

/**
 * Refuses an id the console could not store before Fin is asked: Fin would start a conversation
 * the console then never records (nor any of its webhooks).
 */
function assertStorableId(id: string | undefined): void {
  if (id === undefined || fitsKey(id)) return;
  const message = `conversation_id is too long (at most ${MAX_CONVERSATION_ID_BYTES} bytes)`;
  throw new ConsoleError('parameter_invalid', 400, message, [
    { code: 'parameter_invalid', message, field: 'conversation_id' },
  ]);
}

/** Lists what the user may do; procedure names are kept so later runs can be labelled. */
export async function capabilities(
  ctx: ConsoleContext,
  body: CapabilitiesRequest,
): Promise<CapabilitiesResponse> {
  const answer = await ctx.fin.capabilities(body);
  await rememberProcedures(
    ctx.db,
    answer.capabilities.flatMap((c) =>
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
): Promise<RunProcedureResponse> {
  assertStorableId(body.conversation_id);
  // No HITL step received before this instant can be this run's.
  const askedAt = new Date();
  const answer = await ctx.fin.runProcedure(procedureId, body);
  const id = answer.procedure_id || procedureId;
  await record('a run', async () => {
    const name = await procedureName(ctx.db, id);
    await track(ctx, 'procedure', body.user, answer, { procedure_id: id, procedure_name: name });
    if (!name) void labelFromCatalogue(ctx, answer.conversation_id, id, body.user, askedAt);
    else await adoptRecentSteps(ctx, askedAt);
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'run',
      target: answer.conversation_id,
      detail: { procedure_id: id },
    });
  });
  return answer;
}

export async function ask(
  ctx: ConsoleContext,
  body: AskRequest,
  actor: Actor,
): Promise<ConversationResponse> {
  assertStorableId(body.conversation_id);
  const answer = await ctx.fin.ask(body);
  await record('a question', async () => {
    await track(ctx, 'ask', body.user, answer);
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'ask',
      target: answer.conversation_id,
      detail: null,
    });
  });
  return answer;
}

/** The legacy entry point, still proxied so existing integrations work against the console. */
export async function start(
  ctx: ConsoleContext,
  body: StartRequest,
  actor: Actor,
): Promise<ConversationResponse> {
  assertStorableId(body.conversation_id);
  const answer = await ctx.fin.start(body);
  await record('a conversation', async () => {
    await track(ctx, 'start', body.user, answer);
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'start',
      target: answer.conversation_id,
      detail: null,
    });
  });
  return answer;
}

/** A user's reply opens a new response cycle with a new stream URL (no rewind), followed at once. */
export async function reply(
  ctx: ConsoleContext,
  body: ReplyRequest,
  actor: Actor,
): Promise<ConversationResponse> {
  assertStorableId(body.conversation_id);
  const answer = await ctx.fin.reply(body);
  // The user's message is logged in the same transaction that stores the new stream URL, so it
  // precedes every event of the cycle it starts (this URL has no rewind: follow at once).
  await record('a reply', async () => {
    await track(ctx, 'external', body.user, answer, {
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
      target: answer.conversation_id,
      detail: null,
    });
  });
  return answer;
}

/**
 * Escalates an existing conversation, or (by user) opens a new one the console then tracks
 * under its own id (`conversation_id`, else `intercom-<intercom id>`).
 */
export async function escalate(
  ctx: ConsoleContext,
  body: EscalateRequest,
  actor: Actor,
): Promise<EscalateResponse> {
  assertStorableId(body.conversation_id);
  // The answer carries no timestamp. Stamp its status with the time the request left, so the
  // escalated/complete events Fin sends after answering (often before this line resumes)
  // are never rolled back by it.
  const sentAt = nowIso();
  const answer = await ctx.fin.escalate(body);
  const id =
    body.conversation_id ??
    answer.conversation_id ??
    `intercom-${answer.intercom_conversation_id ?? crypto.randomUUID()}`;
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
      {
        conversation_id: id,
        status: answer.status,
        created_at_ms: sentAt,
        sse_subscription_url: answer.sse_subscription_url,
        intercom_conversation_id: answer.intercom_conversation_id,
      },
      { note },
    );
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'escalate',
      target: id,
      detail: { context: body.context ?? null },
    });
  });
  return answer;
}

export async function csat(ctx: ConsoleContext, body: CsatRequest, actor: Actor): Promise<CsatResponse> {
  assertStorableId(body.conversation_id);
  const answer = await ctx.fin.csat(body);
  await record('a rating', async () => {
    const note = {
      event_name: 'console_csat_submitted' as const,
      rating: answer.rating,
      remark: body.remark ?? null,
      created_at_ms: nowIso(),
    };
    await ctx.hub.ingest(answer.conversation_id, note, 'console');
    await writeAudit(ctx.db, {
      ...auditActor(actor),
      action: 'csat',
      target: answer.conversation_id,
      detail: { rating: answer.rating },
    });
  });
  return answer;
}

/**
 * A run started without the catalogue having been read (an API client, a fresh store): look the
 * procedure's name up in the background so the conversation list can show it.
 */
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

/** Records the conversation an answer describes (with any notes, atomically), keeps attribute warnings, and follows its stream. */
async function track(
  ctx: ConsoleContext,
  kind: ConversationKind,
  user: FinUser,
  answer: Pick<
    ConversationResponse,
    | 'conversation_id'
    | 'status'
    | 'created_at_ms'
    | 'sse_subscription_url'
    | 'intercom_conversation_id'
    | 'errors'
  >,
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
  // One statement: the row and its notes are stored together or not at all.
  const { row, appended } = await recordConversation(
    ctx.db,
    {
      id: answer.conversation_id,
      kind,
      user,
      status: answer.status,
      status_at: instant(answer.created_at_ms),
      sse_url: answer.sse_subscription_url ?? null,
      intercom_conversation_id: answer.intercom_conversation_id ?? null,
      warnings,
      procedure_id: extra.procedure_id ?? null,
      procedure_name: extra.procedure_name ?? null,
      newCycle: extra.newCycle ?? false,
    },
    notes,
  );
  await afterRecord(ctx, row);
  for (const result of appended) ctx.hub.announce(result);
}

/** Announces the row, adopts HITL steps that arrived before the console knew the Intercom id, follows the stream. */
async function afterRecord(ctx: ConsoleContext, row: ConversationRow): Promise<void> {
  if (row.sse_url) ctx.hub.follow(row.id);
  ctx.hub.publishConversation(row);
  if (row.intercom_conversation_id) {
    for (const step of await linkSteps(ctx.db, row.intercom_conversation_id, row.id)) {
      ctx.hub.publishHitl('updated', step);
      await notePendingStep(ctx, step, row.id);
    }
  }
}

const hasWarnings = (e: ConversationResponse['errors']): e is NonNullable<ConversationResponse['errors']> =>
  !!e &&
  (Object.keys(e.user?.attributes ?? {}).length > 0 ||
    Object.keys(e.conversation?.attributes ?? {}).length > 0);
