import 'server-only';
import { randomUUID } from 'node:crypto';
import { parseDocument, stringify } from 'yaml';
import { askRequestSchema, replyRequestSchema, runProcedureRequestSchema, type FinStatus } from '@/lib/fin';
import type {
  RunEstimate,
  RunStarted,
  SaveScenarioBody,
  ScenarioResult,
  ScenarioRun,
  ScenarioRunSummary,
  ScenarioSaved,
  ScenarioSuite,
  ScenarioSuiteList,
  ScenarioSuiteSummary,
  SuiteRuns,
  SuiteWriteBody,
} from '@/lib/console/scenarios';
import { fromConversation, pendingResult, runScenario, type ConsoleApi } from '@/lib/scenarios/runner';
import { parseSuiteText, type Suite } from '@/lib/scenarios/schema';
import { auditActor, type Principal } from './auth/roles';
import type { ConsoleContext } from './context';
import { getConversationDetail } from './conversations';
import { iso } from './db';
import { listApiCalls, writeAudit } from './db/records';
import * as store from './db/scenarios';
import { ConsoleError } from './errors';
import { ask, reply, runProcedure } from './fin-proxy';
import { claimStep, getStep, submitStep } from './hitl';
import { log } from './log';

/** Suites running at once per console; each runs its scenarios one after another. */
const MAX_RUNNING_SUITES = 2;

/** How many end users and conversations one run creates: a user per scenario without a fixed id. */
export function estimate(suite: Suite): RunEstimate {
  const fixed = new Set(suite.scenarios.flatMap((s) => (s.user.id ? [s.user.id] : [])));
  const fresh = suite.scenarios.filter((s) => !s.user.id).length;
  return { users: fixed.size + fresh, conversations: suite.scenarios.length };
}

function parsed(body: string): Suite {
  const result = parseSuiteText(body);
  if (result.ok) return result.suite;
  const entries = result.issues.map((i) => ({
    code: 'parameter_invalid' as const,
    message: i.line === null ? i.message : `line ${i.line}: ${i.message}`,
    field: i.line === null ? i.path || 'body' : `${i.line}:${i.column ?? 1}`,
  }));
  throw new ConsoleError('parameter_invalid', entries[0]!.message, entries);
}

/** A suite saved before a limit tightened may no longer parse: listed, but not runnable. */
function tryParse(body: string): Suite | null {
  const result = parseSuiteText(body);
  return result.ok ? result.suite : null;
}

const counts = (results: ScenarioResult[]) => ({
  total: results.length,
  passed: results.filter((r) => r.status === 'passed').length,
  failed: results.filter((r) => r.status === 'failed').length,
  errors: results.filter((r) => r.status === 'error').length,
});

function toRunSummary(r: store.RunRow): ScenarioRunSummary {
  return {
    id: r.id,
    suite_id: r.suite_id,
    started_by: r.started_by,
    started_at: iso(r.started_at)!,
    finished_at: iso(r.finished_at),
    status: r.status,
    counts: counts(r.results),
  };
}

function toSummary(row: store.SuiteRow, lastRun: store.RunRow | null): ScenarioSuiteSummary {
  const suite = tryParse(row.body);
  return {
    id: row.id,
    name: row.name,
    scenario_count: suite?.scenarios.length ?? 0,
    updated_at: iso(row.updated_at)!,
    updated_by: row.updated_by,
    estimate: suite ? estimate(suite) : { users: 0, conversations: 0 },
    last_run: lastRun ? toRunSummary(lastRun) : null,
  };
}

export async function listSuites(ctx: ConsoleContext): Promise<ScenarioSuiteList> {
  const rows = await store.listSuiteRows(ctx.db);
  return {
    suites: rows.map((r) => toSummary(r, r.last_run)),
    fin_api: ctx.env.finApiTarget,
    real_intercom: ctx.env.finApiTarget.startsWith('intercom'),
  };
}

async function mustGetSuite(ctx: ConsoleContext, id: string): Promise<store.SuiteRow> {
  const row = await store.getSuiteRow(ctx.db, id);
  if (!row) throw new ConsoleError('not_found', 'No such scenario suite');
  return row;
}

export async function getSuite(ctx: ConsoleContext, id: string): Promise<ScenarioSuite> {
  const row = await mustGetSuite(ctx, id);
  const [last] = await store.listRunRows(ctx.db, id, 1);
  return { ...toSummary(row, last ?? null), body: row.body };
}

const nameTaken = (name: string) =>
  new ConsoleError('conflict', `A suite named "${name}" exists already`, [
    { code: 'conflict', message: `A suite named "${name}" exists already`, field: 'name' },
  ]);

export async function createSuite(
  ctx: ConsoleContext,
  { body }: SuiteWriteBody,
  me: Principal,
): Promise<ScenarioSuite> {
  const suite = parsed(body);
  const row = await store.insertSuite(ctx.db, { id: randomUUID(), name: suite.name, body, by: me.name });
  if (!row) throw nameTaken(suite.name);
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'scenarios.create',
    target: row.id,
    detail: { name: row.name },
  });
  return { ...toSummary(row, null), body: row.body };
}

export async function updateSuite(
  ctx: ConsoleContext,
  id: string,
  { body }: SuiteWriteBody,
  me: Principal,
): Promise<ScenarioSuite> {
  const suite = parsed(body);
  const row = await store.updateSuite(ctx.db, { id, name: suite.name, body, by: me.name });
  if (row === undefined) throw new ConsoleError('not_found', 'No such scenario suite');
  if (row === null) throw nameTaken(suite.name);
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'scenarios.update',
    target: id,
    detail: { name: row.name },
  });
  return getSuite(ctx, id);
}

export async function deleteSuite(ctx: ConsoleContext, id: string, me: Principal): Promise<{ ok: true }> {
  if (running().some((r) => r.suiteId === id))
    throw new ConsoleError('conflict', 'The suite is running; delete it once the run ends');
  if (!(await store.deleteSuite(ctx.db, id))) throw new ConsoleError('not_found', 'No such scenario suite');
  await writeAudit(ctx.db, { ...auditActor(me), action: 'scenarios.delete', target: id });
  return { ok: true };
}

/** The console's own code paths, as the routes call them, acting as the teammate who started the run. */
export function inProcessApi(ctx: ConsoleContext, me: Principal): ConsoleApi {
  return {
    runProcedure: (procedureId, body) =>
      runProcedure(ctx, procedureId, runProcedureRequestSchema.parse(body), me),
    ask: (body) => ask(ctx, askRequestSchema.parse(body), me),
    reply: (body) => reply(ctx, replyRequestSchema.parse(body), me),
    async conversation(id) {
      try {
        return await getConversationDetail(ctx, id);
      } catch (error) {
        if (error instanceof ConsoleError && error.code === 'not_found') return null;
        throw error;
      }
    },
    step: (stepId) => getStep(ctx, stepId),
    claim: (stepId) => claimStep(ctx, stepId, me),
    submit: (stepId, values) => submitStep(ctx, stepId, { attribute_values: values }, me),
  };
}

interface Active {
  runId: string;
  suiteId: string;
  done: Promise<void>;
}
const holder = globalThis as unknown as { __finScenarioRuns?: Active[] };
const running = () => (holder.__finScenarioRuns ??= []);

/** `only`: one scenario of the suite, run alone. */
export async function startRun(
  ctx: ConsoleContext,
  suiteId: string,
  me: Principal,
  only?: string,
): Promise<RunStarted> {
  const row = await mustGetSuite(ctx, suiteId);
  const whole = tryParse(row.body);
  if (!whole) throw new ConsoleError('conflict', 'The suite no longer validates; save it again first');
  const suite = only ? { ...whole, scenarios: whole.scenarios.filter((s) => s.name === only) } : whole;
  if (suite.scenarios.length === 0)
    throw new ConsoleError('not_found', `The suite has no scenario named "${only}"`);
  if (running().length >= MAX_RUNNING_SUITES)
    throw new ConsoleError(
      'rate_limited',
      `${MAX_RUNNING_SUITES} suites are running already; try again when one ends`,
    );
  if (running().some((r) => r.suiteId === suiteId))
    throw new ConsoleError('conflict', 'This suite is running already');
  const runId = randomUUID();
  const results = suite.scenarios.map((s) => pendingResult(s.name));
  // Each scenario's own timeout, and a minute besides per scenario for its calls and the settling.
  const deadlineMs = suite.scenarios.reduce((ms, s) => ms + (s.timeout_s + 60) * 1000, 0);
  await store.insertRun(ctx.db, { id: runId, suiteId, by: me.name, results, deadlineMs });
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'scenarios.run',
    target: suiteId,
    detail: { run: runId },
  });
  const active: Active = { runId, suiteId, done: Promise.resolve() };
  running().push(active);
  active.done = executeRun(ctx, runId, suite, results, me).finally(() => {
    holder.__finScenarioRuns = running().filter((r) => r !== active);
  });
  return { id: runId, suite_id: suiteId };
}

/** Resolves once the console's runs in progress have ended (tests, shutdown). */
export async function settleRuns(): Promise<void> {
  await Promise.all(running().map((r) => r.done));
}

async function executeRun(
  ctx: ConsoleContext,
  runId: string,
  suite: Suite,
  results: ScenarioResult[],
  me: Principal,
): Promise<void> {
  const api = inProcessApi(ctx, me);
  try {
    for (const [i, scenario] of suite.scenarios.entries()) {
      results[i] = { ...results[i]!, status: 'running' };
      await store.updateRun(ctx.db, runId, 'running', results);
      results[i] = await runScenario(api, scenario);
    }
    const passed = results.every((r) => r.status === 'passed');
    await store.updateRun(ctx.db, runId, passed ? 'passed' : 'failed', results);
  } catch (error) {
    log.error(`Scenario run ${runId} stopped`, error);
    await store.updateRun(ctx.db, runId, 'error', results).catch(() => undefined);
  }
}

export async function getRun(ctx: ConsoleContext, id: string): Promise<ScenarioRun> {
  const row = await store.getRunRow(ctx.db, id);
  if (!row) throw new ConsoleError('not_found', 'No such scenario run');
  return { ...toRunSummary(row), suite_name: row.suite_name, results: row.results };
}

export async function listRuns(ctx: ConsoleContext, suiteId: string): Promise<SuiteRuns> {
  await mustGetSuite(ctx, suiteId);
  return { runs: (await store.listRunRows(ctx.db, suiteId)).map(toRunSummary) };
}

const UNFINISHED: FinStatus[] = ['thinking', 'replying'];

/** The message that started the run, as the console sent it to Fin (its calls are recorded whole). */
export async function triggerMessage(ctx: ConsoleContext, conversationId: string): Promise<string | null> {
  const calls = await listApiCalls(ctx.db, conversationId);
  const first = calls.findLast(
    (c) =>
      c.method === 'POST' && /\/fin\/(ask|procedures\/[^/]+\/run)$/.test(new URL(c.url, 'http://x').pathname),
  );
  const body = first?.request_body as { message?: { body?: unknown } } | null | undefined;
  return typeof body?.message?.body === 'string' ? body.message.body : null;
}

function uniqueName(suite: Suite, wanted: string): string {
  const names = new Set(suite.scenarios.map((s) => s.name));
  let name = wanted;
  for (let n = 2; names.has(name); n++) name = `${wanted} (${n})`;
  return name;
}

/** Adds a scenario to a suite's text, keeping its comments and layout (JSON stays JSON). */
function appendScenario(body: string, scenario: unknown): string {
  if (body.trimStart().startsWith('{')) {
    const json = JSON.parse(body) as { scenarios: unknown[] };
    json.scenarios.push(scenario);
    return `${JSON.stringify(json, null, 2)}\n`;
  }
  const doc = parseDocument(body);
  doc.addIn(['scenarios'], doc.createNode(scenario));
  return doc.toString();
}

/** "Save as scenario": a finished conversation's real inputs and outcomes, into a suite. */
export async function saveConversation(
  ctx: ConsoleContext,
  conversationId: string,
  body: SaveScenarioBody,
  me: Principal,
): Promise<ScenarioSaved> {
  const detail = await getConversationDetail(ctx, conversationId);
  if (UNFINISHED.includes(detail.conversation.status))
    throw new ConsoleError('conflict', 'The conversation is still running; save it once Fin has finished');
  const stepIds = detail.events.flatMap((e) =>
    e.event.event_name === 'console_hitl_pending' ? [e.event.step_id] : [],
  );
  const steps = await Promise.all(stepIds.map((id) => getStep(ctx, id)));
  const trigger = await triggerMessage(ctx, conversationId);
  const label =
    detail.conversation.procedure_name ?? (detail.conversation.kind === 'ask' ? 'Ask' : 'Conversation');
  const wanted = body.scenario_name ?? `${label} ${conversationId}`.slice(0, 200);

  const existing = 'suite_id' in body ? await mustGetSuite(ctx, body.suite_id) : null;
  const current = existing ? tryParse(existing.body) : null;
  if (existing && !current) throw new ConsoleError('conflict', 'The suite no longer validates; fix it first');
  const name = current ? uniqueName(current, wanted) : wanted;
  const scenario = fromConversation(detail, steps, { name, trigger });
  if (existing) {
    await updateSuite(ctx, existing.id, { body: appendScenario(existing.body, scenario) }, me);
    return { suite_id: existing.id, scenario_name: name };
  }
  const text = stringify({ name: (body as { new_suite: string }).new_suite, scenarios: [scenario] });
  const created = await createSuite(ctx, { body: text }, me);
  return { suite_id: created.id, scenario_name: name };
}
