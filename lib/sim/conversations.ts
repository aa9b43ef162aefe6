import { LIMITS, type AttributeErrors, type FinMessage, type FinUser } from '@/lib/fin';
import { checkAttributes } from './attributes';
import { isoMs, unixSeconds } from './clock';
import { APP_ID, type SimContext } from './context';
import type { Faults } from './faults';
import { toHtmlBody } from './html';
import { uuid } from './ids';
import type { ProcedureDef } from './procedure-types';
import type { Conversation, ConversationKind, Cycle, Part, SimUser } from './state';

/** Users are looked up by id and created if missing; email overwrites, attributes merge. */
export function upsertUser(
  ctx: SimContext,
  input: FinUser,
): { user: SimUser; errors: Record<string, string> } {
  const { accepted, errors } = checkAttributes('user', input.attributes);
  const existing = ctx.store.users.get(input.id);
  const user: SimUser = existing ?? { id: input.id, attributes: {} };
  if (input.name !== undefined) user.name = input.name;
  if (input.email !== undefined) user.email = input.email;
  Object.assign(user.attributes, accepted);
  ctx.store.users.set(user.id, user);
  return { user, errors };
}

export function createConversation(
  ctx: SimContext,
  init: {
    id?: string;
    kind: ConversationKind;
    user: SimUser;
    procedure?: ProcedureDef;
    followUps?: boolean;
  },
): Conversation {
  const intercomId = ctx.ids.intercomConversationId();
  const conv: Conversation = {
    id: init.id ?? intercomId,
    intercomId,
    userId: init.user.id,
    kind: init.kind,
    procedureId: init.procedure?.id ?? null,
    procedure: init.procedure ?? null,
    phase: 'working',
    resolutionState: null,
    attributes: {},
    vars: {},
    pending: null,
    hitl: new Map(),
    parts: [],
    events: [],
    cycles: new Map(),
    latestCycle: null,
    csat: null,
    followUps: init.followUps ?? true,
    queue: Promise.resolve(),
    createdAtMs: ctx.clock.now(),
  };
  ctx.store.add(conv, init.id !== undefined);
  return conv;
}

export function applyConversationAttributes(
  conv: Conversation,
  supplied: Record<string, unknown> | undefined,
) {
  const { accepted, errors } = checkAttributes('conversation', supplied);
  Object.assign(conv.attributes, accepted);
  return errors;
}

const AGENT_AUTHOR: Part['author'] = { type: 'admin', id: '991200', name: 'Support agent', email: null };

export function addPart(
  ctx: SimContext,
  conv: Conversation,
  user: SimUser,
  message: Pick<FinMessage, 'author' | 'body' | 'timestamp'>,
  partType: Part['part_type'] = 'comment',
) {
  const author: Part['author'] =
    message.author === 'user'
      ? { type: 'user', id: user.id, name: user.name ?? null, email: user.email ?? null }
      : message.author === 'agent'
        ? AGENT_AUTHOR
        : { type: 'bot', id: '814866', name: 'Fin', email: null };
  const at = message.timestamp ? Date.parse(message.timestamp) : ctx.clock.now();
  conv.parts.push({
    id: ctx.ids.messageId(),
    part_type: partType,
    body: toHtmlBody(message.body),
    created_at: unixSeconds(at),
    author,
  });
}

export const channelOf = (conversationId: string) => `fin_agent_api:${APP_ID}:${conversationId}`;

/** Opens a response cycle: a fresh jti, its JWT, and the sse_subscription_url that carries it. */
export async function openCycle(
  ctx: SimContext,
  conv: Conversation,
  opts: { rewind: boolean; endsOnAwaiting: boolean; faults: Faults },
): Promise<{ cycle: Cycle; url: string }> {
  const jti = uuid();
  const expiresAtMs = ctx.clock.now() + ctx.tokens.ttlMs();
  let markSubscribed = () => undefined as void;
  const subscribed = new Promise<void>((resolve) => (markSubscribed = resolve));
  const cycle: Cycle = {
    jti,
    conversationId: conv.id,
    rewind: opts.rewind,
    endsOnAwaiting: opts.endsOnAwaiting,
    expiresAtMs,
    closedSeq: null,
    revoked: false,
    faults: opts.faults,
    subscribed,
    markSubscribed,
    url: '',
  };
  conv.cycles.set(jti, cycle);
  conv.latestCycle = cycle;
  const token = await ctx.tokens.issue(
    { jti, channel: channelOf(conv.id), conversationId: conv.id },
    expiresAtMs,
  );
  const channels = `fin_agent_api:${APP_ID}:${encodeURIComponent(conv.id)}`;
  const url = `${ctx.publicUrl}/event-stream?channels=${channels}&accessToken=${token}${opts.rewind ? `&rewind=${LIMITS.rewind}` : ''}`;
  cycle.url = url;
  return { cycle, url };
}

/**
 * The common 200 answer of start / ask / reply / run. The references document
 * `intercom_conversation_id` on /fin/escalate only; it is added here only when asked for.
 */
export function conversationAnswer(
  ctx: SimContext,
  conv: Conversation,
  url: string,
  errors: AttributeErrors | undefined,
  procedureId?: string,
) {
  return {
    conversation_id: conv.id,
    user_id: conv.userId,
    ...(procedureId ? { procedure_id: procedureId } : {}),
    status: 'thinking' as const,
    created_at_ms: isoMs(ctx.clock.now()),
    sse_subscription_url: url,
    ...(ctx.intercomIds ? { intercom_conversation_id: conv.intercomId } : {}),
    ...(errors ? { errors } : {}),
  };
}
