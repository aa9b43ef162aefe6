/** Runs scenarios through `ConsoleApi`: over HTTP for the CLI, in-process for the server. */
import {
  finStatusSchema,
  type AskRequest,
  type AttributeValue,
  type ReplyRequest,
  type RunProcedureRequest,
} from '@/lib/fin';
import type { ScenarioResult } from '@/lib/console/scenarios';
import type { ConversationDetail, HitlStep, StoredEvent } from '@/lib/console/types';
import { normalizeDataType } from '@/lib/hitl-form/names';
import { extractMilestones, matchMilestones } from './milestones';
import type { HitlAnswers, Milestone, Scenario, ScenarioInput } from './schema';

/** What a run needs of the console; every call is one the console's own routes make. */
export interface ConsoleApi {
  runProcedure(procedureId: string, body: RunProcedureRequest): Promise<unknown>;
  ask(body: AskRequest): Promise<unknown>;
  reply(body: ReplyRequest): Promise<unknown>;
  conversation(id: string): Promise<ConversationDetail | null>;
  step(stepId: string): Promise<HitlStep>;
  claim(stepId: string): Promise<HitlStep>;
  submit(stepId: string, values: { identifier: string; value: AttributeValue }[]): Promise<HitlStep>;
}

export interface RunOptions {
  pollMs?: number;
  /** How long nothing new must happen after Fin finishes before the run is judged (a CSAT request may follow). */
  settleMs?: number;
  newId?: () => string;
  now?: () => number;
}

/** A failure the scenario itself explains (no answer for an attribute, a timeout): the run is `error`. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomId = () => crypto.randomUUID().replaceAll('-', '').slice(0, 16);

const isStatus = (e: StoredEvent, status: string) =>
  (e.event.event_name === 'fin_status_updated' && e.event.status === status) ||
  (e.event.event_name === 'fin_replied' && e.event.status === status && status === 'awaiting_user_reply');

/** The value Fin takes for one attribute: a list option by label or id, other kinds as written. */
function attributeValue(
  attribute: HitlStep['attributes'][number],
  value: HitlAnswers[string],
): AttributeValue {
  if (typeof value !== 'string' || normalizeDataType(attribute.data_type) !== 'list') return value;
  const wanted = value.trim().toLowerCase();
  const options = attribute.options ?? [];
  const option = options.find((o) => o.id === value || o.label.trim().toLowerCase() === wanted);
  if (!option) {
    const labels = options.map((o) => o.label).join(', ');
    throw new ScenarioError(`"${value}" is not an option of ${attribute.name} (options: ${labels})`);
  }
  return option.id;
}

/** The answers for the nth HITL step, keyed by the step's attribute identifiers. */
export function hitlValues(scenario: Scenario, step: HitlStep, index: number) {
  const answers = Array.isArray(scenario.hitl) ? scenario.hitl[index] : scenario.hitl;
  if (!answers)
    throw new ScenarioError(
      `no HITL answers for step ${index + 1} (the scenario has ${(scenario.hitl as unknown[]).length})`,
    );
  const byName = new Map(Object.entries(answers).map(([k, v]) => [k.trim().toLowerCase(), v]));
  return step.attributes.map((attribute) => {
    const value =
      byName.get(attribute.name.trim().toLowerCase()) ?? byName.get(attribute.identifier.toLowerCase());
    if (value === undefined)
      throw new ScenarioError(`no answer for attribute "${attribute.name}" of HITL step ${index + 1}`);
    return { identifier: attribute.identifier, value: attributeValue(attribute, value) };
  });
}

const message = (body: string) => ({ author: 'user' as const, body });

/** Runs one scenario to its end (or its timeout) and checks its milestones. */
export async function runScenario(
  api: ConsoleApi,
  scenario: Scenario,
  opts: RunOptions = {},
): Promise<ScenarioResult> {
  const now = opts.now ?? Date.now;
  const newId = opts.newId ?? randomId;
  const pollMs = opts.pollMs ?? 150;
  const settleMs = opts.settleMs ?? 400;
  const started = now();
  const deadline = started + scenario.timeout_s * 1000;
  const conversationId = `scn-${newId()}`;
  const user = { ...scenario.user, id: scenario.user.id ?? `scn-user-${newId()}` };
  const base = {
    name: scenario.name,
    conversation_id: conversationId,
    expected: [] as string[],
    actual: [] as string[],
  };
  const stepsSeen = new Map<string, HitlStep>();
  let detail: ConversationDetail | null = null;
  try {
    if (scenario.procedure_id) {
      await api.runProcedure(scenario.procedure_id, {
        conversation_id: conversationId,
        user,
        ...(scenario.message ? { message: message(scenario.message) } : {}),
      });
    } else {
      await api.ask({ conversation_id: conversationId, user, message: message(scenario.message ?? '') });
    }
    const replies = [...scenario.replies];
    let actedAt = 0; // the last seq before our latest action
    let settledSince: number | null = null;
    let lastSeq = -1;
    for (;;) {
      if (now() > deadline) {
        const status = detail?.conversation.status ?? 'not recorded yet';
        throw new ScenarioError(
          `timed out after ${scenario.timeout_s} s (the conversation's status: ${status})`,
        );
      }
      detail = await api.conversation(conversationId);
      if (!detail) {
        await sleep(pollMs);
        continue;
      }
      const events = detail.events;
      const seq = events.at(-1)?.seq ?? 0;
      const pending = events.flatMap((e) =>
        e.event.event_name === 'console_hitl_pending' ? [e.event.step_id] : [],
      );
      const unanswered = pending.filter((id) => !stepsSeen.has(id));
      if (unanswered.length > 0) {
        for (const stepId of unanswered) {
          const step = await api.step(stepId);
          stepsSeen.set(stepId, step);
          const values = hitlValues(scenario, step, stepsSeen.size - 1);
          await api.claim(stepId);
          await api.submit(stepId, values);
        }
        actedAt = seq;
        settledSince = null;
        continue;
      }
      const since = events.filter((e) => e.seq > actedAt);
      const finished = since.some((e) => isStatus(e, 'complete'));
      const awaiting = !finished && since.some((e) => isStatus(e, 'awaiting_user_reply'));
      if (awaiting && replies.length > 0) {
        await api.reply({ conversation_id: conversationId, user, message: message(replies.shift()!) });
        actedAt = seq;
        settledSince = null;
        continue;
      }
      if (finished || awaiting) {
        if (seq !== lastSeq) settledSince = now();
        else if (settledSince !== null && now() - settledSince >= settleMs) break;
      }
      lastSeq = seq;
      await sleep(pollMs);
    }
    if (replies.length > 0) throw new ScenarioError(`Fin finished with ${replies.length} replies unsent`);
  } catch (error) {
    const result = judge(scenario, detail, stepsSeen, started, now());
    const reason = error instanceof Error ? error.message : String(error);
    return { ...base, ...result, status: 'error', reason, failed_at: null };
  }
  return { ...base, ...judge(scenario, detail, stepsSeen, started, now()) };
}

function judge(
  scenario: Scenario,
  detail: ConversationDetail | null,
  steps: Map<string, HitlStep>,
  started: number,
  ended: number,
): Omit<ScenarioResult, 'name' | 'conversation_id'> {
  const actual = extractMilestones(detail?.events ?? [], [...steps.values()]);
  const match = matchMilestones(scenario.expect, actual);
  return {
    status: match.passed ? 'passed' : 'failed',
    duration_ms: ended - started,
    milestones: match.milestones,
    failed_at: match.failed_at,
    reason: match.reason,
    expected: match.expected,
    actual: match.actual,
  };
}

/** Statuses on the way, not outcomes: a saved scenario does not expect them. */
const UNFINISHED = new Set(['thinking', 'replying']);

export const pendingResult = (name: string): ScenarioResult => ({
  name,
  status: 'pending',
  conversation_id: null,
  duration_ms: null,
  milestones: [],
  failed_at: null,
  reason: null,
  expected: [],
  actual: [],
});

/**
 * A finished conversation as a scenario ("Save as scenario"): its user, procedure, trigger
 * message, replies and HITL answers, expecting the milestones it actually reached.
 */
export function fromConversation(
  detail: ConversationDetail,
  steps: HitlStep[],
  opts: { name: string; trigger: string | null },
): ScenarioInput {
  const { conversation, events } = detail;
  const byId = new Map(steps.map((s) => [s.step_id, s]));
  const asked = events.flatMap((e) =>
    e.event.event_name === 'console_hitl_pending' ? [e.event.step_id] : [],
  );
  const hitl = asked.flatMap((id) => {
    const step = byId.get(id);
    if (!step?.attribute_values) return [];
    const values = new Map(step.attribute_values.map((v) => [v.identifier, v.value]));
    return [
      Object.fromEntries(
        step.attributes.flatMap((a) => {
          const value = values.get(a.identifier);
          const option = a.options?.find((o) => o.id === value);
          if (option) return [[a.name, option.label]];
          return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
            ? [[a.name, value]]
            : [];
        }),
      ),
    ];
  });
  const replies = events.flatMap((e) =>
    e.event.event_name === 'console_user_message' ? [e.event.body] : [],
  );
  const actual = extractMilestones(events, steps);
  const lastSaid = actual.findLastIndex((a) => a.kind === 'fin_says');
  const expect = actual.flatMap((a, i): Milestone[] => {
    switch (a.kind) {
      case 'status': {
        const status = finStatusSchema.safeParse(a.status);
        return status.success && !UNFINISHED.has(status.data) ? [{ status: status.data }] : [];
      }
      case 'hitl_asked':
        return [{ hitl_asked: a.attributes }];
      case 'fin_says':
        return i === lastSaid ? [{ fin_says: { contains: a.text.slice(0, 200) } }] : [];
      case 'escalated':
        return [{ escalated: true }];
      case 'resolved':
        return [{ resolved: true }];
      case 'csat_requested':
        return [{ csat_requested: true }];
    }
  });
  if (!actual.some((a) => a.kind === 'escalated')) expect.push({ escalated: false });
  return {
    name: opts.name,
    user: { id: conversation.user.id, ...pickUser(conversation.user) },
    ...(conversation.procedure_id ? { procedure_id: conversation.procedure_id } : {}),
    ...(opts.trigger ? { message: opts.trigger } : {}),
    replies,
    hitl: hitl.length === 1 ? hitl[0]! : hitl,
    expect,
  };
}

function pickUser(user: Record<string, unknown>): ScenarioInput['user'] {
  const out: NonNullable<ScenarioInput['user']> = {};
  if (typeof user.name === 'string') out.name = user.name;
  if (typeof user.email === 'string') out.email = user.email;
  if (user.attributes && typeof user.attributes === 'object')
    out.attributes = user.attributes as NonNullable<typeof out.attributes>;
  return out;
}
