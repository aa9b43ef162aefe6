/** The scenario file format (YAML or JSON), one schema for the server, the CLI and the browser. */
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { finStatusSchema, PATH_ID_PATTERN } from '@/lib/fin';

export const SCENARIO_LIMITS = {
  /** The whole suite text, YAML or JSON; it travels JSON-escaped in a body of at most 256 KiB. */
  suiteBytes: 128 * 1024,
  scenarios: 100,
  name: 200,
  text: 10_000,
  replies: 20,
  hitlSteps: 20,
  hitlAttributes: 50,
  milestones: 50,
  pattern: 200,
  timeoutSeconds: 300,
} as const;

export const DEFAULT_TIMEOUT_SECONDS = 60;

const name = z.string().trim().min(1, { error: 'must not be empty' }).max(SCENARIO_LIMITS.name);
const text = z.string().min(1, { error: 'must not be empty' }).max(SCENARIO_LIMITS.text);

/** Fin's messages are matched up to this many characters, so a pattern's work stays bounded. */
export const MATCHED_TEXT_CHARS = 5_000;
const MAX_UNBOUNDED_QUANTIFIERS = 2;

/**
 * Why a pattern could backtrack badly, or null. Patterns run against Fin's replies with no
 * timeout, so the risky shapes are refused: backreferences, lookarounds, a repeated group that
 * itself holds a repetition or an alternation (`(a+)+`, `(a|ab)*`), and more than two unbounded
 * repetitions (`.*a.*b.*c` is cubic); on text cut to MATCHED_TEXT_CHARS the rest is at worst quadratic.
 */
export function unsafePattern(pattern: string): string | null {
  if (pattern.length > SCENARIO_LIMITS.pattern) return `is longer than ${SCENARIO_LIMITS.pattern} characters`;
  try {
    new RegExp(pattern, 'iu');
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message})`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'may not use backreferences';
  if (/\(\?<?[=!]/.test(pattern)) return 'may not use lookarounds';
  const risky: boolean[] = [];
  let unbounded = 0;
  const repeats = (i: number) => {
    const next = pattern[i + 1];
    if (next === '*' || next === '+') return 'unbounded';
    if (next === '{') return /^\{\d+,\}/.test(pattern.slice(i + 1)) ? 'unbounded' : 'bounded';
    return null;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '[') {
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    } else if (c === '(') {
      risky.push(false);
      continue;
    } else if (c === ')') {
      const inner = risky.pop() ?? false;
      const repeat = repeats(i);
      if (repeat && inner) return 'may not repeat a group that holds a repetition or an alternation';
      if (repeat === 'unbounded') unbounded++;
      if (risky.length > 0 && (inner || repeat)) risky[risky.length - 1] = true;
      continue;
    } else if (c === '|') {
      if (risky.length > 0) risky[risky.length - 1] = true;
      continue;
    } else if (c === '\\') {
      i++;
    } else if (c === '*' || c === '+' || c === '?') {
      continue;
    } else if (c === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      if (quantifier) {
        i += quantifier[0].length - 1;
        continue;
      }
    }
    const repeat = repeats(i);
    if (repeat === 'unbounded') unbounded++;
    if (repeat && risky.length > 0) risky[risky.length - 1] = true;
  }
  if (unbounded > MAX_UNBOUNDED_QUANTIFIERS)
    return `may repeat without bound at most ${MAX_UNBOUNDED_QUANTIFIERS} times (it has ${unbounded})`;
  return null;
}

const pattern = z
  .string()
  .min(1, { error: 'must not be empty' })
  .superRefine((p, ctx) => {
    const problem = unsafePattern(p);
    if (problem) ctx.addIssue({ code: 'custom', message: `pattern ${problem}` });
  });

export const milestoneSchema = z.union([
  z.strictObject({ status: finStatusSchema }).describe('Fin reached this status'),
  z
    .strictObject({ hitl_asked: z.array(name).max(SCENARIO_LIMITS.hitlAttributes) })
    .describe('A HITL step asked for (at least) these attributes, by name; [] for any step'),
  z.strictObject({ escalated: z.boolean() }).describe('The conversation was escalated (or never was)'),
  z.strictObject({ resolved: z.boolean() }).describe('Fin resolved the conversation (or never did)'),
  z.strictObject({ csat_requested: z.boolean() }).describe('Fin asked for a rating (or never did)'),
  z
    .strictObject({
      fin_says: z.union([
        z.strictObject({ contains: text }).describe('Case-insensitive, whitespace-collapsed'),
        z.strictObject({ matches: pattern }).describe('A case-insensitive regular expression'),
      ]),
    })
    .describe("One of Fin's messages (as plain text) contains or matches this"),
]);
export type Milestone = z.infer<typeof milestoneSchema>;

const attributeValue = z.union([z.string().max(SCENARIO_LIMITS.text), z.number(), z.boolean()]);
/** Answers to a HITL step by attribute name; a list attribute takes the option's label or id. */
const hitlAnswersSchema = z
  .record(name, attributeValue)
  .refine((o) => Object.keys(o).length <= SCENARIO_LIMITS.hitlAttributes, {
    error: `at most ${SCENARIO_LIMITS.hitlAttributes} attributes`,
  });
export type HitlAnswers = z.infer<typeof hitlAnswersSchema>;

const scenarioUserSchema = z.strictObject({
  /** Absent: a fresh id per run, so runs never share Fin's state. */
  id: z.string().trim().min(1).max(SCENARIO_LIMITS.name).optional(),
  name: z.string().max(SCENARIO_LIMITS.name).optional(),
  email: z.email().max(SCENARIO_LIMITS.name).optional(),
  attributes: z
    .record(
      z.string().max(SCENARIO_LIMITS.name),
      z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]),
    )
    .refine((o) => Object.keys(o).length <= 10, { error: 'at most 10 attributes' })
    .optional(),
});

export const scenarioSchema = z
  .strictObject({
    name,
    description: z.string().max(SCENARIO_LIMITS.text).optional(),
    user: scenarioUserSchema.default({}),
    /** The procedure to run; absent, `message` is asked (POST /fin/ask). */
    procedure_id: z.string().regex(PATH_ID_PATTERN, { error: 'must be a procedure id' }).optional(),
    message: text.optional(),
    replies: z.array(text).max(SCENARIO_LIMITS.replies).default([]),
    /** One set of answers for every HITL step, or a list: the nth step gets the nth set. */
    hitl: z.union([hitlAnswersSchema, z.array(hitlAnswersSchema).max(SCENARIO_LIMITS.hitlSteps)]).default({}),
    expect: z
      .array(milestoneSchema)
      .min(1, { error: 'expects at least one milestone' })
      .max(SCENARIO_LIMITS.milestones),
    timeout_s: z.number().int().min(1).max(SCENARIO_LIMITS.timeoutSeconds).default(DEFAULT_TIMEOUT_SECONDS),
  })
  .refine((s) => s.procedure_id !== undefined || s.message !== undefined, {
    error: 'is required to ask (there is no procedure_id)',
    path: ['message'],
  });
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export const suiteSchema = z
  .strictObject({
    name,
    description: z.string().max(SCENARIO_LIMITS.text).optional(),
    scenarios: z
      .array(scenarioSchema)
      .min(1, { error: 'needs at least one scenario' })
      .max(SCENARIO_LIMITS.scenarios),
  })
  .superRefine((suite, ctx) => {
    const seen = new Set<string>();
    suite.scenarios.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate scenario name "${s.name}"`,
          path: ['scenarios', i, 'name'],
        });
      seen.add(s.name);
    });
  });
export type Suite = z.infer<typeof suiteSchema>;

export interface SuiteIssue {
  message: string;
  path: string;
  line: number | null;
  column: number | null;
}

export type SuiteParse = { ok: true; suite: Suite } | { ok: false; issues: SuiteIssue[] };

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** Parses a suite's YAML or JSON text (JSON is YAML) and validates it; every problem names its line. */
export function parseSuiteText(source: string): SuiteParse {
  if (byteLength(source) > SCENARIO_LIMITS.suiteBytes)
    return fail(`The suite is larger than ${SCENARIO_LIMITS.suiteBytes / 1024} KiB`);
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.slice(0, 20).map((e) => {
        const at = lines.linePos(e.pos[0]);
        return { message: e.message.split('\n')[0] ?? e.code, path: '', line: at.line, column: at.col };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return fail((error as Error).message);
  }
  const parsed = suiteSchema.safeParse(value);
  if (parsed.success) return { ok: true, suite: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.slice(0, 50).map((issue) => {
      const path = issue.path.map(String);
      const node = nearestNode(doc, issue.path as (string | number)[]);
      const at = node ? lines.linePos(node) : null;
      return {
        message: `${path.length > 0 ? `${path.join('.')}: ` : ''}${issue.message}`,
        path: path.join('.'),
        line: at?.line ?? null,
        column: at?.col ?? null,
      };
    }),
  };
}

/** The offset of the deepest node along `path` that exists (a missing key points at its parent). */
function nearestNode(doc: ReturnType<typeof parseDocument>, path: (string | number)[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return null;
}

const fail = (message: string): SuiteParse => ({
  ok: false,
  issues: [{ message, path: '', line: null, column: null }],
});
