import { z } from 'zod';
import { ESCALATION_REASONS, KNOWN_DATA_TYPES, PATH_ID_PATTERN } from '@/lib/fin';

/** Sizes a definition may reach: generous for real procedures, small enough to keep a run cheap. */
export const PROCEDURE_LIMITS = {
  name: 200,
  description: 2_000,
  html: 10_000,
  question: 2_000,
  steps: 100,
  attributes: 20,
  options: 100,
  cases: 20,
  audience: 20,
  values: 50,
  text: 200,
  expiresInS: 30 * 24 * 3600,
} as const;

const L = PROCEDURE_LIMITS;

// Step ids and value names appear in URLs and `{{name}}` placeholders, so keep them plain.
const stepIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1–64 letters, digits, _ or -');
const valueNameSchema = z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'use 1–64 letters, digits or _');
const text = (max: number) => z.string().trim().min(1).max(max);

export const simValueSchema = z.union([z.string().max(L.text), z.number(), z.boolean()]);
export type SimValue = z.infer<typeof simValueSchema>;

const conditionShapes = {
  eq: { op: z.literal('eq'), value: simValueSchema },
  in: { op: z.literal('in'), values: z.array(simValueSchema).min(1).max(L.values) },
  compare: { op: z.enum(['gte', 'lt']), value: z.number() },
};

function conditionWith<T extends z.core.$ZodLooseShape>(extra: T) {
  return z.discriminatedUnion('op', [
    z.strictObject({ ...conditionShapes.eq, ...extra }),
    z.strictObject({ ...conditionShapes.in, ...extra }),
    z.strictObject({ ...conditionShapes.compare, ...extra }),
  ]);
}

export const conditionSchema = conditionWith({});
export type Condition = z.infer<typeof conditionSchema>;

const audienceConditionSchema = conditionWith({ attribute: text(L.text) });
/** All conditions must hold for the user's stored attributes; empty = everyone. */
export const audienceRuleSchema = z.array(audienceConditionSchema).max(L.audience);
export type AudienceRule = z.infer<typeof audienceRuleSchema>;

const listOptionSchema = z.strictObject({ id: text(L.text), label: text(L.text) });

export const hitlAttributeDefSchema = z.strictObject({
  key: valueNameSchema,
  /** Stable uuid, sent as `workflow_local_variables.<uuid>`. */
  uuid: z.guid(),
  name: text(L.text),
  label: text(L.text),
  data_type: z.enum(KNOWN_DATA_TYPES),
  options: z.array(listOptionSchema).max(L.options).optional(),
});
export type HitlAttributeDef = z.infer<typeof hitlAttributeDefSchema>;

export const escalationReasonSchema = z.union([
  z.enum(ESCALATION_REASONS),
  z.templateLiteral(['Escalation rule: ', z.string().min(1).max(L.text)]),
]);
export type EscalationReason = z.infer<typeof escalationReasonSchema>;

const next = stepIdSchema.optional();

const saySchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('say'),
  /** `{{var}}` placeholders are filled and escaped; `stream` sends chunks first. */
  html: text(L.html),
  stream: z.boolean().optional(),
  next,
});

const askUserSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('ask_user'),
  /** The cycle ends awaiting_user_reply, and the reply text is stored in `store`. */
  question: text(L.question),
  store: valueNameSchema,
  next,
});

const hitlSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('hitl'),
  question: text(L.question),
  attributes: z.array(hitlAttributeDefSchema).min(1).max(L.attributes),
  /** Seconds until the request expires; absent = no timeout. */
  expires_in_s: z.number().int().min(1).max(L.expiresInS).optional(),
  /** Where the procedure goes when the request expires unanswered. */
  on_timeout: stepIdSchema.optional(),
  priority: z.enum(['priority', 'not_priority']).default('not_priority'),
  assign_to: z
    .strictObject({ type: z.enum(['team', 'admin']), id: text(L.text), name: text(L.text) })
    .nullable()
    .default(null),
  next,
});

const branchSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('branch'),
  on: valueNameSchema,
  cases: z.array(conditionWith({ goto: stepIdSchema })).max(L.cases),
  otherwise: stepIdSchema,
});

const resolveSchema = z.strictObject({ id: stepIdSchema, kind: z.literal('resolve') });
const escalateSchema = z.strictObject({
  id: stepIdSchema,
  kind: z.literal('escalate'),
  reason: escalationReasonSchema,
});

export const stepSchema = z.discriminatedUnion('kind', [
  saySchema,
  askUserSchema,
  hitlSchema,
  branchSchema,
  resolveSchema,
  escalateSchema,
]);
export type Step = z.infer<typeof stepSchema>;

const fields = {
  name: text(L.name),
  description: z.string().trim().max(L.description).default(''),
  live: z.boolean(),
  api_trigger: z.boolean(),
  audience: audienceRuleSchema.default([]),
  csat: z.boolean().default(false),
  steps: z.array(stepSchema).min(1, 'a procedure needs at least one step').max(L.steps),
};

type Draft = z.infer<z.ZodObject<typeof fields>>;

/** The semantic rules zod's shapes cannot say, each reported at the path it concerns. */
function checkSteps(proc: Draft, ctx: z.core.$RefinementCtx) {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const ids = new Set<string>();
  proc.steps.forEach((step, i) => {
    if (ids.has(step.id)) issue(['steps', i, 'id'], `step id "${step.id}" is used twice`);
    ids.add(step.id);
  });
  const target = (path: (string | number)[], id: string | undefined) => {
    if (id !== undefined && !ids.has(id)) issue(path, `no step has the id "${id}"`);
  };
  const collected = new Set<string>();
  const keys = new Set<string>();
  const uuids = new Set<string>();
  proc.steps.forEach((step, i) => {
    const at = (...rest: (string | number)[]) => ['steps', i, ...rest];
    if ('next' in step) target(at('next'), step.next);
    switch (step.kind) {
      case 'ask_user':
        collected.add(step.store);
        break;
      case 'hitl':
        target(at('on_timeout'), step.on_timeout);
        if (step.on_timeout !== undefined && step.expires_in_s === undefined)
          issue(at('on_timeout'), 'on_timeout needs expires_in_s');
        step.attributes.forEach((a, j) => {
          if (keys.has(a.key)) issue(at('attributes', j, 'key'), `attribute key "${a.key}" is used twice`);
          if (uuids.has(a.uuid))
            issue(at('attributes', j, 'uuid'), `attribute uuid "${a.uuid}" is used twice`);
          keys.add(a.key);
          uuids.add(a.uuid);
          collected.add(a.key);
          if (a.data_type === 'list' && !a.options?.length)
            issue(at('attributes', j, 'options'), 'a list attribute needs at least one option');
          if (a.data_type !== 'list' && a.options !== undefined)
            issue(at('attributes', j, 'options'), 'only list attributes have options');
        });
        break;
      case 'branch':
        if (!collected.has(step.on))
          issue(at('on'), `"${step.on}" is not collected by an ask_user or HITL step before this one`);
        step.cases.forEach((c, j) => target(at('cases', j, 'goto'), c.goto));
        target(at('otherwise'), step.otherwise);
        break;
    }
  });
}

/** A definition as people write it: the id may be left for the simulator to assign. */
export const procedureDraftSchema = z
  .strictObject({ id: z.string().regex(PATH_ID_PATTERN).optional(), ...fields })
  .superRefine(checkSteps);

export const procedureSchema = z
  .strictObject({ id: z.string().regex(PATH_ID_PATTERN, 'use letters, digits, _ or -'), ...fields })
  .superRefine(checkSteps);

export type ProcedureDef = z.infer<typeof procedureSchema>;
export type ProcedureInput = z.input<typeof procedureDraftSchema>;

export interface ProcedureIssue {
  path: (string | number)[];
  message: string;
}

export type ParseResult<T> = { success: true; data: T } | { success: false; issues: ProcedureIssue[] };

function toResult<T>(result: z.ZodSafeParseResult<T>): ParseResult<T> {
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    issues: result.error.issues.map((i) => ({
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      message: i.message,
    })),
  };
}

export const parseProcedure = (input: unknown) => toResult(procedureSchema.safeParse(input));

export const parseProcedureDraft = (input: unknown) => toResult(procedureDraftSchema.safeParse(input));

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A replacement for procedure `id`: the body may leave its id out, but may not name another. */
export function parseReplacement(id: string, input: unknown): ParseResult<ProcedureDef> {
  if (isRecord(input) && input.id !== undefined && input.id !== id)
    return {
      success: false,
      issues: [{ path: ['id'], message: `must be "${id}", the procedure being replaced` }],
    };
  return parseProcedure(isRecord(input) ? { ...input, id } : input);
}

/** `steps.2.on: message`, one per issue: how the simulator and the console word a refusal. */
export const describeIssues = (issues: ProcedureIssue[]) =>
  issues.map((i) => `${i.path.join('.') || 'procedure'}: ${i.message}`);

export function procedureJsonSchema() {
  return {
    ...z.toJSONSchema(procedureDraftSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Fin Console procedure',
  };
}
