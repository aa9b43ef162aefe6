import { z } from 'zod';
import { audienceRequestSchema } from '@/lib/procedures/api';
import { audienceVerdict } from '@/lib/procedures/audience';
import {
  describeIssues,
  parseProcedureDraft,
  parseReplacement,
  procedureJsonSchema,
  type ProcedureIssue,
} from '@/lib/procedures/schema';
import { isoMs } from './clock';
import type { SimContext } from './context';
import { faultsSchema } from './faults';
import { fail, type Call, type Reply } from './http';
import { SEED_USERS } from './seed-users';
import type { Conversation } from './state';

const ok = (body: unknown): Reply => ({ status: 200, body });

function invalid(error: z.ZodError): never {
  fail(
    400,
    'parameter_invalid',
    error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
  );
}

export const health = (ctx: SimContext): Reply =>
  ok({
    status: 'ok',
    version: 'Preview',
    pace: ctx.pace.name,
    now: isoMs(ctx.clock.now()),
    conversations: ctx.store.conversations.size,
  });

export const procedures = (ctx: SimContext): Reply => ok({ procedures: ctx.procedures.list() });

export const procedureSchema = (): Reply => ok(procedureJsonSchema());

function stored(ctx: SimContext, id: string) {
  const proc = ctx.procedures.describe(id);
  if (!proc) fail(404, 'not_found', `No procedure has the id "${id}"`);
  return proc;
}

export const procedure = (ctx: SimContext, call: Call): Reply =>
  ok({ procedure: stored(ctx, call.params.id ?? '') });

function refuse(issues: ProcedureIssue[]): never {
  fail(400, 'parameter_invalid', describeIssues(issues).join('; '));
}

/** Saves a new definition; without an id it gets the next numeric one. */
export function createProcedure(ctx: SimContext, call: Call): Reply {
  const parsed = parseProcedureDraft(call.body);
  if (!parsed.success) refuse(parsed.issues);
  const { id, ...rest } = parsed.data;
  const proc = { id: id ?? ctx.procedures.nextId(), ...rest };
  if (ctx.procedures.has(proc.id))
    fail(409, 'conflict', `A procedure with the id "${proc.id}" exists already`);
  return { status: 201, body: { procedure: ctx.procedures.save(proc) } };
}

/** Replaces a definition (a built-in becomes an edited one); the body's id, if any, must be the path's. */
export function replaceProcedure(ctx: SimContext, call: Call): Reply {
  const id = call.params.id ?? '';
  stored(ctx, id);
  const parsed = parseReplacement(id, call.body);
  if (!parsed.success) refuse(parsed.issues);
  return ok({ procedure: ctx.procedures.save(parsed.data) });
}

export function deleteProcedure(ctx: SimContext, call: Call): Reply {
  const id = call.params.id ?? '';
  switch (ctx.procedures.remove(id)) {
    case 'missing':
      return fail(404, 'not_found', `No procedure has the id "${id}"`);
    case 'builtin':
      return fail(409, 'conflict', 'A built-in procedure cannot be deleted; set it not live instead');
    case 'restored':
      return ok({ procedure: ctx.procedures.describe(id) });
    case 'removed':
      return ok({ procedure: null });
  }
}

export function audience(ctx: SimContext, call: Call): Reply {
  const parsed = audienceRequestSchema.safeParse(call.body);
  if (!parsed.success) invalid(parsed.error);
  const { attributes } = parsed.data;
  return ok({
    procedures: ctx.procedures
      .all()
      .map((p) => ({ id: p.id, name: p.name, ...audienceVerdict(p, attributes) })),
  });
}

export function reset(ctx: SimContext): Reply {
  ctx.reset();
  return ok({ status: 'reset' });
}

const clockSchema = z.object({ advance_ms: z.number().int().min(0) }).strict();

export function clock(ctx: SimContext, call: Call): Reply {
  const parsed = clockSchema.safeParse(call.body);
  if (!parsed.success) invalid(parsed.error);
  const now = ctx.clock.advance(parsed.data.advance_ms);
  ctx.engine.sweep();
  return ok({ now: isoMs(now), now_ms: now });
}

export const readClock = (ctx: SimContext): Reply =>
  ok({ now: isoMs(ctx.clock.now()), now_ms: ctx.clock.now() });

export function setFaults(ctx: SimContext, call: Call): Reply {
  const parsed = faultsSchema.safeParse(call.body);
  if (!parsed.success) invalid(parsed.error);
  ctx.faults.set(parsed.data);
  return ok({ faults: ctx.faults.get() });
}

export function clearFaults(ctx: SimContext): Reply {
  ctx.faults.clear();
  return ok({ faults: {} });
}

export const readFaults = (ctx: SimContext): Reply => ok({ faults: ctx.faults.get() });

function describe(conv: Conversation) {
  return {
    conversation_id: conv.id,
    intercom_conversation_id: conv.intercomId,
    user_id: conv.userId,
    kind: conv.kind,
    procedure_id: conv.procedureId,
    phase: conv.phase,
    resolution_state: conv.resolutionState,
    attributes: conv.attributes,
    values: conv.vars,
    parts: conv.parts,
    events: conv.events.map((e) => e.event),
    hitl: [...conv.hitl.values()].map((h) => ({
      step_id: h.stepId,
      state: h.state,
      expires_at: h.item.expires_at ?? null,
    })),
    csat: conv.csat,
    sse_subscription_url: conv.latestCycle?.url ?? null,
  };
}

export function conversation(ctx: SimContext, call: Call): Reply {
  const id = call.params.id ?? '';
  const conv = ctx.store.conversations.get(id) ?? ctx.store.byIntercomId.get(id);
  if (!conv) fail(404, 'not_found', 'Resource Not Found');
  return ok(describe(conv));
}

/** Pending HITL requests, for working without a webhook receiver. */
export function pendingHitl(ctx: SimContext): Reply {
  const items = [...ctx.store.byIntercomId.values()].flatMap((c) =>
    [...c.hitl.values()].filter((h) => h.state === 'pending').map((h) => h.item),
  );
  return ok({ hitl_notifications: items });
}

export const webhookLog = (ctx: SimContext): Reply => ok({ deliveries: ctx.webhooks.deliveries });

export const users = (ctx: SimContext): Reply => ok({ users: [...ctx.store.users.values()] });

/** The end users the simulator seeds, as seeded (later upserts do not show here). */
export const seededUsers = (): Reply => ok({ users: SEED_USERS });

const variantsSchema = z.object({ enabled: z.boolean() }).strict();

/** The realism setting: `{ enabled }`. */
export const readVariants = (ctx: SimContext): Reply => ok({ enabled: ctx.variants.enabled });

export function setVariants(ctx: SimContext, call: Call): Reply {
  const parsed = variantsSchema.safeParse(call.body);
  if (!parsed.success) invalid(parsed.error);
  ctx.variants.enabled = parsed.data.enabled;
  return readVariants(ctx);
}

/** OAuth client id, tokens issued (last 4 characters) with their call counts, and which bearer the last call carried. */
export const oauth = (ctx: SimContext): Reply => ok(ctx.oauth.describe());
