import type { z } from 'zod';
import {
  askRequestSchema,
  capabilitiesRequestSchema,
  csatRequestSchema,
  escalateRequestSchema,
  MESSAGES,
  replyRequestSchema,
  runProcedureRequestSchema,
  startRequestSchema,
  zodErrorList,
  type AskRequest,
  type Capability,
  type StartRequest,
} from '@/lib/fin';
import { audienceVerdict } from '@/lib/procedures/audience';
import type { SimContext } from './context';
import { attributeErrors } from './attributes';
import {
  addPart,
  applyConversationAttributes,
  conversationAnswer,
  createConversation,
  openCycle,
  upsertUser,
} from './conversations';
import { fail, HttpError, type Call, type Reply } from './http';
import { uuid } from './ids';

/** How long after csat_requested a rating can still be recorded or changed (not documented; inferred). */
export const CSAT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * /fin/reply on an id the workspace has never seen. The contract has no example for this case;
 * the message mirrors /fin/escalate's.
 */
export const REPLY_UNKNOWN_CONVERSATION = MESSAGES.conversationNotFound;

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, zodErrorList(result.error, uuid()));
  return result.data;
}

const ok = (body: unknown): Reply => ({ status: 200, body });

function assertNewConversation(ctx: SimContext, id: string) {
  if (ctx.store.conversations.has(id)) fail(400, 'parameter_invalid', MESSAGES.sessionExists);
}

const STATIC_CAPABILITIES: Capability[] = [
  {
    type: 'reply',
    description: 'Reply to an in-progress Fin conversation.',
    endpoint: '/fin/reply',
    method: 'POST',
  },
  {
    type: 'ask',
    description: 'Ask Fin a single, self-contained question.',
    endpoint: '/fin/ask',
    method: 'POST',
  },
  {
    type: 'escalate',
    description: 'Hand a conversation off to a human teammate.',
    endpoint: '/fin/escalate',
    method: 'POST',
  },
];

export async function capabilities(ctx: SimContext, call: Call): Promise<Reply> {
  const body = parse(capabilitiesRequestSchema, call.body);
  const { user } = upsertUser(ctx, body.user);
  const procedures: Capability[] = ctx.procedures
    .all()
    .filter((p) => audienceVerdict(p, user.attributes).listed)
    .map((p) => ({
      type: 'procedure',
      id: p.id,
      name: p.name,
      description: p.description,
      endpoint: `/fin/procedures/${p.id}/run`,
      method: 'POST',
    }));
  return ok({ version: 'Preview', capabilities: [...procedures, ...STATIC_CAPABILITIES] });
}

/** Creates a start or ask conversation from its request and opens its first cycle. */
async function openNew(
  ctx: SimContext,
  call: Call,
  kind: 'start' | 'ask',
  body: StartRequest | AskRequest,
  followUps: boolean,
) {
  assertNewConversation(ctx, body.conversation_id);
  const { user, errors: userErrors } = upsertUser(ctx, body.user);
  const conv = createConversation(ctx, { id: body.conversation_id, kind, user, followUps });
  const convErrors = applyConversationAttributes(conv, body.conversation_metadata?.attributes);
  for (const m of body.conversation_metadata?.history ?? []) addPart(ctx, conv, user, m);
  addPart(ctx, conv, user, body.message);
  const opened = await openCycle(ctx, conv, {
    rewind: true,
    endsOnAwaiting: kind === 'start',
    faults: call.faults,
  });
  return { conv, ...opened, errors: attributeErrors(userErrors, convErrors) };
}

export async function start(ctx: SimContext, call: Call): Promise<Reply> {
  const body = parse(startRequestSchema, call.body);
  const { conv, cycle, url, errors } = await openNew(
    ctx,
    call,
    'start',
    body,
    body.settings?.follow_up_questions ?? true,
  );
  ctx.engine.start(conv, cycle, body.message.body);
  return ok(conversationAnswer(ctx, conv, url, errors));
}

export async function ask(ctx: SimContext, call: Call): Promise<Reply> {
  const body = parse(askRequestSchema, call.body);
  const { conv, cycle, url, errors } = await openNew(ctx, call, 'ask', body, false);
  ctx.engine.ask(conv, cycle, body.message.body);
  return ok(conversationAnswer(ctx, conv, url, errors));
}

export async function reply(ctx: SimContext, call: Call): Promise<Reply> {
  const body = parse(replyRequestSchema, call.body);
  const conv = ctx.store.conversations.get(body.conversation_id);
  if (!conv) fail(400, 'parameter_invalid', REPLY_UNKNOWN_CONVERSATION);
  const { user, errors: userErrors } = upsertUser(ctx, body.user);
  if (body.settings?.follow_up_questions !== undefined) conv.followUps = body.settings.follow_up_questions;
  addPart(ctx, conv, user, body.message);
  const { cycle, url } = await openCycle(ctx, conv, {
    rewind: false,
    endsOnAwaiting: true,
    faults: call.faults,
  });
  ctx.engine.reply(conv, cycle, body.message.body);
  return ok(conversationAnswer(ctx, conv, url, attributeErrors(userErrors, {})));
}

export async function runProcedure(ctx: SimContext, call: Call): Promise<Reply> {
  const body = parse(runProcedureRequestSchema, call.body);
  const proc = ctx.procedures.find(call.params.procedure_id ?? '');
  if (!proc) fail(400, 'parameter_invalid', MESSAGES.procedureNotFound);
  if (!proc.live) fail(400, 'parameter_invalid', MESSAGES.procedureNotLive);
  if (!proc.api_trigger) fail(400, 'parameter_invalid', MESSAGES.procedureNoApiTrigger);
  if (call.faults.no_fin_profile || ctx.faults.get().no_fin_profile)
    fail(400, 'parameter_invalid', MESSAGES.noFinProfile);
  assertNewConversation(ctx, body.conversation_id);
  const { user, errors: userErrors } = upsertUser(ctx, body.user);
  const conv = createConversation(ctx, {
    id: body.conversation_id,
    kind: 'procedure',
    user,
    procedure: proc,
  });
  const convErrors = applyConversationAttributes(conv, body.conversation_metadata?.attributes);
  if (body.message) addPart(ctx, conv, user, body.message);
  const { cycle, url } = await openCycle(ctx, conv, {
    rewind: true,
    endsOnAwaiting: true,
    faults: call.faults,
  });
  ctx.engine.run(conv, cycle, proc);
  return ok(conversationAnswer(ctx, conv, url, attributeErrors(userErrors, convErrors), proc.id));
}

export const DEFAULT_ESCALATION_MESSAGE = 'Requesting human support';

export async function escalate(ctx: SimContext, call: Call): Promise<Reply> {
  const body = parse(escalateRequestSchema, call.body);
  if (body.conversation_id !== undefined) {
    const conv = ctx.store.conversations.get(body.conversation_id);
    if (!conv) fail(400, 'parameter_invalid', MESSAGES.conversationNotFound);
    const user = ctx.store.users.get(conv.userId) ?? { id: conv.userId, attributes: {} };
    if (body.context) addPart(ctx, conv, user, { author: 'agent', body: body.context }, 'note');
    const { cycle, url } = await openCycle(ctx, conv, {
      rewind: true,
      endsOnAwaiting: false,
      faults: call.faults,
    });
    ctx.engine.escalate(conv, cycle);
    return ok({ conversation_id: conv.id, status: 'escalated', sse_subscription_url: url });
  }
  if (!body.user) fail(400, 'parameter_invalid', MESSAGES.escalateNeedsTarget);
  const { user } = upsertUser(ctx, body.user);
  const conv = createConversation(ctx, { kind: 'escalation', user });
  addPart(ctx, conv, user, { author: 'user', body: body.message ?? DEFAULT_ESCALATION_MESSAGE });
  if (body.context) addPart(ctx, conv, user, { author: 'agent', body: body.context }, 'note');
  conv.phase = 'escalated';
  conv.resolutionState = 'escalated';
  return ok({ intercom_conversation_id: conv.intercomId, status: 'escalated' });
}

const csatError = (key: 'base' | 'rating' | 'external_conversation_id', message: string): Reply => ({
  status: 422,
  body: { errors: { [key]: message } },
});

export async function csat(ctx: SimContext, call: Call): Promise<Reply> {
  const result = csatRequestSchema.safeParse(call.body);
  if (!result.success) {
    if (result.error.issues.some((i) => i.path[0] === 'rating'))
      return csatError('rating', MESSAGES.csatInvalidRating);
    throw new HttpError(400, zodErrorList(result.error, uuid()));
  }
  const { conversation_id, rating, remark } = result.data;
  const conv = ctx.store.conversations.get(conversation_id);
  if (!conv) return csatError('external_conversation_id', MESSAGES.csatConversationNotFound);
  const survey = conv.csat;
  if (!survey) return csatError('base', MESSAGES.csatNotRequested);
  const answer = ok({ conversation_id, rating, status: 'rated' });
  if (survey.remark !== undefined) {
    const same = rating === survey.rating && (remark === undefined || remark === survey.remark);
    return same ? answer : csatError('base', MESSAGES.csatLocked);
  }
  if (survey.rating === rating && remark === undefined) return answer;
  if (ctx.clock.now() - survey.requestedAtMs > CSAT_WINDOW_MS)
    return csatError('base', MESSAGES.csatWindowClosed);
  survey.rating = rating;
  if (remark !== undefined) survey.remark = remark;
  return answer;
}
