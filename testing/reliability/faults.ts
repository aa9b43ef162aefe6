/** Reliability phase 1 (docs/reliability.md): runs under injected faults, checked against Fin's log. */
import { eventKey, type FinEvent } from '@/lib/fin';
import type { ConversationDetail, HitlStep } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import type { SimFaults } from '@/testing/sim';
import type { Api, ApiResult } from './api';
import { BrowserReader } from './browser';
import { between, chance, pick, seeded, shuffle } from './random';
import type { Rig } from './rig';
import { sleep } from '@/testing/util';

export const RUN_PROCEDURES = [
  PROCEDURE_IDS.refund,
  PROCEDURE_IDS.planUpgrade,
  PROCEDURE_IDS.accountDeletion,
  PROCEDURE_IDS.priorityCallback,
  PROCEDURE_IDS.resetPassword,
  PROCEDURE_IDS.billingDispute,
  PROCEDURE_IDS.orderStatus,
] as const;
const HITL_PROCEDURES = new Set<string>([
  PROCEDURE_IDS.refund,
  PROCEDURE_IDS.planUpgrade,
  PROCEDURE_IDS.accountDeletion,
  PROCEDURE_IDS.priorityCallback,
]);

export interface FaultPlan {
  /** Upstream SSE streams are cut after this many events, until cleared after `dropForMs`. */
  drop?: { after: number; forMs: number };
  fail?: { status: number; count: number; path: string };
  slowMs?: number;
  timeout?: 'run' | 'submit' | 'reply';
  duplicateWebhooks?: boolean;
  reorderWebhooks?: boolean;
  webhookDelayMs?: [number, number];
  /** Share of webhooks the console refuses once (503); the sender retries. */
  webhookFailOnce?: number;
  restartAfterMs?: number;
}

export function describePlan(p: FaultPlan): string {
  const parts: string[] = [];
  if (p.drop) parts.push(`drop@${p.drop.after}`);
  if (p.fail) parts.push(`${p.fail.status}x${p.fail.count}${p.fail.path}`);
  if (p.slowMs) parts.push(`slow${p.slowMs}`);
  if (p.timeout) parts.push(`timeout:${p.timeout}`);
  if (p.duplicateWebhooks) parts.push('dup');
  if (p.reorderWebhooks) parts.push('reorder');
  if (p.webhookDelayMs) parts.push(`hookdelay${p.webhookDelayMs[1]}`);
  if (p.webhookFailOnce) parts.push('hook503');
  if (p.restartAfterMs !== undefined) parts.push('RESTART');
  return parts.join(' ') || 'none';
}

const FAIL_PATHS = ['/fin/procedures', '/event-stream', '/procedures/', '/fin/reply', '/fin/csat'];

const ASKING_PROCEDURES = new Set<string>([
  PROCEDURE_IDS.refund,
  PROCEDURE_IDS.resetPassword,
  PROCEDURE_IDS.billingDispute,
]);

export function planFaults(rng: () => number, procedureId: string = PROCEDURE_IDS.refund): FaultPlan {
  const plan: FaultPlan = {};
  if (chance(rng, 0.5)) plan.drop = { after: between(rng, 1, 4), forMs: between(rng, 100, 700) };
  if (chance(rng, 0.45))
    plan.fail = {
      status: pick(rng, [500, 502, 503, 504, 429]),
      count: between(rng, 1, 2),
      path: pick(rng, FAIL_PATHS),
    };
  if (chance(rng, 0.3)) plan.slowMs = between(rng, 20, 250);
  else if (chance(rng, 0.25)) {
    const calls: FaultPlan['timeout'][] = ['run'];
    if (HITL_PROCEDURES.has(procedureId)) calls.push('submit', 'submit');
    if (ASKING_PROCEDURES.has(procedureId)) calls.push('reply');
    plan.timeout = pick(rng, calls);
  }
  if (chance(rng, 0.35)) plan.duplicateWebhooks = true;
  if (chance(rng, 0.35)) plan.reorderWebhooks = true;
  if (chance(rng, 0.35)) plan.webhookDelayMs = [0, between(rng, 50, 400)];
  if (chance(rng, 0.3)) plan.webhookFailOnce = 0.3;
  return plan;
}

interface SimView {
  conversation_id: string;
  intercom_conversation_id: string;
  phase: 'working' | 'awaiting_user' | 'awaiting_agent' | 'complete' | 'escalated';
  events: FinEvent[];
  values: Record<string, unknown>;
  hitl: { step_id: string; state: 'pending' | 'fulfilled' | 'expired' | 'cancelled' }[];
  csat: { requestedAtMs: number; rating?: string } | null;
}

async function simView(rig: Rig, id: string): Promise<SimView | null> {
  const res = await fetch(`${rig.simUrl}/_sim/conversations/${encodeURIComponent(id)}`);
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`simulator answered ${res.status} for ${id}`);
  return (await res.json()) as SimView;
}

/** Faults are set through the control plane; one kind is lifted by re-posting the rest. */
class SimFaultControl {
  constructor(private readonly rig: Rig) {}

  private async read(): Promise<SimFaults> {
    return ((await (await fetch(`${this.rig.simUrl}/_sim/faults`)).json()) as { faults: SimFaults }).faults;
  }

  async set(faults: SimFaults) {
    const res = await fetch(`${this.rig.simUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
    if (!res.ok) throw new Error(`setting faults answered ${res.status}`);
  }

  async lift(key: keyof SimFaults) {
    const { [key]: _gone, ...rest } = await this.read();
    await this.clear();
    if (Object.keys(rest).length) await this.set(rest);
  }

  async clear() {
    await fetch(`${this.rig.simUrl}/_sim/faults`, { method: 'DELETE' });
  }
}

export interface RunResult {
  index: number;
  procedureId: string;
  conversationId: string;
  plan: string;
  simEvents: number;
  stored: number;
  browser: number;
  /** Fin events (chunks aside) the simulator emitted that the console never stored. */
  eventsLost: number;
  /** Streamed chunks never stored: SSE is their only channel, so a cut stream without rewind loses some. */
  chunksLost: number;
  browserLost: number;
  storeDuplicates: number;
  browserDuplicates: number;
  hitlAnswered: number;
  hitlLost: number;
  hitlDoubled: number;
  /** Answers resent after an attempt Fin did not answer in time: safe (Fin refuses a second with 409). */
  hitlResent: number;
  stepsMissing: number;
  internalErrors: number;
  restartMs: number | null;
  notes: string[];
  durationMs: number;
}

const REPLY_TEXT = 'ORD-20417 / me@example.com / INV-1001';
const TERMINAL = new Set(['complete', 'escalated']);

export function answerFor(step: HitlStep, rng: () => number) {
  return step.attributes.map((a) => {
    switch (a.data_type) {
      case 'boolean':
        return { identifier: a.identifier, value: chance(rng, 0.7) };
      case 'list':
        return { identifier: a.identifier, value: pick(rng, a.options ?? [{ id: 'x', label: 'x' }]).id };
      case 'decimal':
        return { identifier: a.identifier, value: between(rng, 100, 99_999) / 100 };
      case 'integer':
        return { identifier: a.identifier, value: between(rng, 1, 80) };
      case 'datetime':
        return {
          identifier: a.identifier,
          value: new Date(Date.now() + between(rng, 1, 72) * 3_600_000).toISOString(),
        };
      default:
        return { identifier: a.identifier, value: 'Checked against the order history' };
    }
  });
}

interface RunContext {
  rig: Rig;
  api: Api;
  faults: SimFaultControl;
  rng: () => number;
  result: RunResult;
  timeoutMs: number;
}

async function retrying(
  run: RunContext,
  what: string,
  call: () => Promise<ApiResult>,
  attempts = 4,
): Promise<ApiResult> {
  let res: ApiResult = await call();
  for (let i = 1; i < attempts && res.status >= 500; i++) {
    if (res.status === 500) run.result.internalErrors++;
    run.result.notes.push(`${what} answered ${res.status}, retried`);
    await sleep(150 * i);
    res = await call();
  }
  if (res.status === 500) run.result.internalErrors++;
  return res;
}

async function withTimeout<T>(run: RunContext, active: boolean, fn: () => Promise<T>): Promise<T> {
  if (!active) return fn();
  await run.faults.set({ delay_ms: run.timeoutMs + 400 });
  try {
    return await fn();
  } finally {
    await run.faults.lift('delay_ms');
  }
}

async function answerStep(run: RunContext, stepId: string, plan: FaultPlan): Promise<void> {
  const { api, rng, result } = run;
  const found = await waitUntil(async () => {
    const r = await api.call('step', { params: { stepId } });
    return r.status === 200 ? (r.json as HitlStep) : undefined;
  }, run.rig.webhookRetryMs + 8000);
  if (!found) {
    result.stepsMissing++;
    result.notes.push(`step ${stepId} never reached the console`);
    return;
  }
  const teammate = pick(rng, ['Alice Martin', 'Bob Okafor', 'Chloé Dubois']);
  if (chance(rng, 0.5)) {
    const claimed = await api.call('claim', { params: { stepId }, body: {} });
    if (claimed.status === 500) result.internalErrors++;
  }
  const values = answerFor(found, rng);
  for (let attempt = 1; attempt <= 4; attempt++) {
    const res = await withTimeout(run, plan.timeout === 'submit' && attempt === 1, () =>
      api.call('submit', { params: { stepId }, body: { teammate, attribute_values: values } }),
    );
    if (res.status === 200) {
      result.hitlAnswered++;
      const sim = await waitUntil(async () => {
        const v = await simView(run.rig, result.conversationId);
        const state = v?.hitl.find((s) => s.step_id === stepId)?.state;
        return state && state !== 'pending' ? state : undefined;
      }, 3000);
      if (sim !== 'fulfilled') {
        result.hitlLost++;
        result.notes.push(`step ${stepId}: teammate got 200 but Fin's request is ${sim ?? 'still pending'}`);
      }
      return;
    }
    if (res.status === 500) result.internalErrors++;
    const code = (res.json as { errors?: { code?: string }[] } | null)?.errors?.[0]?.code ?? '';
    result.notes.push(`submit ${stepId} attempt ${attempt}: ${res.status} ${code}`);
    if (res.status === 502 || code === 'hitl_submitting') {
      await sleep(200 * attempt);
      continue;
    }
    return;
  }
}

async function waitUntil<T>(
  probe: () => Promise<T | undefined>,
  ms: number,
  every = 40,
): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 10_000; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) return undefined;
    await sleep(every);
  }
  return undefined;
}

const user = (i: number) => ({
  id: `rel-user-${i % 4}`,
  name: pick(seeded(i), ['Jane Doe', 'Zoë Ångström', 'Li Wei', 'Ana María']),
  email: `rel-${i % 4}@example.com`,
  attributes: { plan_type: 'Pro', vip: true },
});

export interface RunSpec {
  index: number;
  procedureId: string;
  plan: FaultPlan;
  seed: number;
}

export function planRuns(runs: number, seed: number, restartAt: number | null): RunSpec[] {
  const rng = seeded(seed);
  const order: string[] = [];
  while (order.length < runs) order.push(...shuffle(rng, RUN_PROCEDURES));
  return order.slice(0, runs).map((procedureId, index) => {
    const plan = planFaults(rng, procedureId);
    if (index === restartAt) {
      plan.restartAfterMs = between(rng, 0, 400);
      // Fin retries a refused webhook once: a delivery refused on purpose just before the
      // outage would be retried into it, a loss no console could prevent.
      delete plan.webhookFailOnce;
    }
    return { index, procedureId, plan, seed: between(rng, 1, 2 ** 31 - 1) };
  });
}

export function restartIndex(specs: { procedureId: string }[]): number | null {
  if (specs.length === 0) return null;
  const mid = Math.floor(specs.length / 2);
  for (let d = 0; d < specs.length; d++)
    for (const i of [mid + d, mid - d])
      if (i >= 0 && i < specs.length && HITL_PROCEDURES.has(specs[i]!.procedureId)) return i;
  return mid;
}

export async function driveRun(
  rig: Rig,
  api: Api,
  spec: RunSpec,
  opts: { timeoutMs: number; runBudgetMs: number },
): Promise<RunResult> {
  const started = Date.now();
  const rng = seeded(spec.seed);
  const { plan } = spec;
  const conversationId = `rel-${spec.seed.toString(36)}-${spec.index}`;
  const result: RunResult = {
    index: spec.index,
    procedureId: spec.procedureId,
    conversationId,
    plan: describePlan(plan),
    simEvents: 0,
    stored: 0,
    browser: 0,
    eventsLost: 0,
    chunksLost: 0,
    browserLost: 0,
    storeDuplicates: 0,
    browserDuplicates: 0,
    hitlAnswered: 0,
    hitlLost: 0,
    hitlDoubled: 0,
    hitlResent: 0,
    stepsMissing: 0,
    internalErrors: 0,
    restartMs: null,
    notes: [],
    durationMs: 0,
  };
  const faults = new SimFaultControl(rig);
  const run: RunContext = { rig, api, faults, rng, result, timeoutMs: opts.timeoutMs };
  const timers: NodeJS.Timeout[] = [];
  let restart: Promise<void> | null = null;
  let reader: BrowserReader | null = null;
  const callbacksBefore = rig.callbacks.length;

  await faults.clear();
  rig.bridgeFaults.delayMs = plan.webhookDelayMs ?? [0, 0];
  rig.bridgeFaults.failOnceRate = plan.webhookFailOnce ?? 0;
  const initial: SimFaults = {
    ...(plan.drop ? { drop_stream_after: plan.drop.after } : {}),
    ...(plan.fail ? { fail: plan.fail } : {}),
    ...(plan.slowMs ? { delay_ms: plan.slowMs } : {}),
    ...(plan.duplicateWebhooks ? { duplicate_webhooks: true } : {}),
    ...(plan.reorderWebhooks ? { reorder_webhooks: true } : {}),
  };
  if (Object.keys(initial).length) await faults.set(initial);
  if (plan.drop)
    timers.push(
      setTimeout(() => void faults.lift('drop_stream_after').catch(() => undefined), plan.drop.forMs),
    );

  try {
    const deadline = started + opts.runBudgetMs;
    // A repeat after a timeout may find the session already started: Fin has it.
    const runRes = await retrying(run, 'run', () =>
      withTimeout(run, plan.timeout === 'run', () =>
        api.call('run', {
          params: { procedureId: spec.procedureId },
          body: {
            conversation_id: conversationId,
            user: user(spec.index),
            message: { author: 'agent', body: 'Started by the reliability run' },
          },
        }),
      ),
    );
    if (runRes.status !== 200) result.notes.push(`run answered ${runRes.status}`);
    reader = new BrowserReader(rig, api, conversationId, opts.runBudgetMs + 15_000);
    if (plan.restartAfterMs !== undefined) {
      restart = sleep(plan.restartAfterMs).then(async () => {
        result.restartMs = await rig.restart();
      });
    }

    let replies = 0;
    let csatDone = false;
    const handled = new Set<string>();
    for (let guard = 0; guard < 400 && Date.now() < deadline; guard++) {
      const v = await simView(rig, conversationId);
      if (!v) {
        if (runRes.status !== 200 && guard > 25) break;
        await sleep(40);
        continue;
      }
      if (v.phase === 'awaiting_user' && replies < 3) {
        const seen = v.events.length;
        replies++;
        const res = await retrying(run, 'reply', () =>
          withTimeout(run, plan.timeout === 'reply' && replies === 1, () =>
            api.call('reply', {
              body: {
                conversation_id: conversationId,
                user: { id: user(spec.index).id },
                message: { author: 'user', body: REPLY_TEXT },
              },
            }),
          ),
        );
        if (res.status !== 200) result.notes.push(`reply answered ${res.status}`);
        await waitUntil(async () => {
          const now = await simView(rig, conversationId);
          return now && (now.phase !== 'awaiting_user' || now.events.length > seen) ? true : undefined;
        }, 3000);
        continue;
      }
      if (v.phase === 'awaiting_agent') {
        const pending = v.hitl.find((s) => s.state === 'pending' && !handled.has(s.step_id));
        if (pending) {
          handled.add(pending.step_id);
          await answerStep(run, pending.step_id, plan);
        } else await sleep(40);
        continue;
      }
      if (TERMINAL.has(v.phase)) {
        if (v.csat && !csatDone) {
          csatDone = true;
          if (chance(rng, 0.6)) {
            const res = await retrying(run, 'csat', () =>
              api.call('csat', {
                body: {
                  conversation_id: conversationId,
                  rating: pick(rng, ['good', 'amazing', 'ok']),
                  remark: 'Quick and clear',
                },
              }),
            );
            if (res.status !== 200) result.notes.push(`csat answered ${res.status}`);
          }
        }
        if (
          !v.csat &&
          v.events.some((e) => e.event_name === 'fin_status_updated' && e.status === 'resolved')
        ) {
          const withSurvey = await waitUntil(
            async () => ((await simView(rig, conversationId))?.csat ? true : undefined),
            400,
          );
          if (withSurvey) continue;
        }
        break;
      }
      await sleep(40);
    }
    if (restart) await restart;
    for (const t of timers) clearTimeout(t);
    await faults.clear();
    rig.bridgeFaults.delayMs = [0, 0];
    rig.bridgeFaults.failOnceRate = 0;

    await measure(run, reader, callbacksBefore);
  } finally {
    for (const t of timers) clearTimeout(t);
    if (restart) await restart.catch(() => undefined);
    // Bounded like every other wait here: a reader that cannot stop is noted, not waited on.
    if (reader && !(await Promise.race([reader.stop().then(() => true), sleep(5000).then(() => false)])))
      result.notes.push('the browser reader did not stop within 5 s');
    result.durationMs = Date.now() - started;
  }
  return result;
}

async function measure(run: RunContext, reader: BrowserReader, callbacksBefore: number): Promise<void> {
  const { rig, api, result } = run;
  const id = result.conversationId;
  const sim = await simView(rig, id);
  const simEvents = sim?.events ?? [];
  const simKeys = new Map(simEvents.map((e) => [eventKey(e), e]));
  const wanted = [...simKeys.entries()].filter(([, e]) => e.event_name !== 'fin_reply_chunk').map(([k]) => k);

  const detailOf = async (): Promise<ConversationDetail | null> => {
    const r = await api.call('conversation', { params: { id } });
    if (r.status === 500) result.internalErrors++;
    return r.status === 200 ? (r.json as ConversationDetail) : null;
  };
  // Everything Fin sent should arrive: a refused webhook comes again after the retry delay.
  let detail = await waitUntil(
    async () => {
      const d = await detailOf();
      if (!d) return undefined;
      const keys = new Set(d.events.map((e) => e.key));
      return wanted.every((k) => keys.has(k)) ? d : undefined;
    },
    rig.webhookRetryMs + 4000,
    100,
  );
  let last = -1;
  for (let i = 0; i < 20; i++) {
    detail = (await detailOf()) ?? detail;
    const n = detail?.events.length ?? 0;
    if (n === last) break;
    last = n;
    await sleep(250);
  }
  const stored = detail?.events ?? [];
  await waitUntil(
    async () => {
      const got = new Set(reader.received.map((r) => r.seq));
      return stored.every((e) => got.has(e.seq)) ? true : undefined;
    },
    3000,
    50,
  );

  const storedKeys = new Set(stored.map((e) => e.key));
  result.simEvents = simEvents.length;
  result.stored = stored.length;
  result.browser = reader.received.length;
  for (const [k, e] of simKeys) {
    if (storedKeys.has(k)) continue;
    if (e.event_name === 'fin_reply_chunk') result.chunksLost++;
    else {
      result.eventsLost++;
      result.notes.push(`lost ${e.event_name}${'status' in e ? `:${e.status}` : ''} (${k})`);
    }
  }
  result.storeDuplicates = stored.length - storedKeys.size;
  const browserKeys = new Set(reader.received.map((r) => r.key));
  result.browserDuplicates = reader.received.length - browserKeys.size;
  for (const e of stored)
    if (!browserKeys.has(e.key)) {
      result.browserLost++;
      result.notes.push(`browser missed seq ${e.seq} ${e.event.event_name}`);
    }
  if (result.browserDuplicates) result.notes.push(`browser got ${result.browserDuplicates} repeats`);

  // What Fin accepted comes from the pass-through: an injected failure answers before Fin looks.
  const steps = new Set((sim?.hitl ?? []).map((s) => s.step_id));
  const accepted = new Map<string, number>();
  const reached = new Map<string, number>();
  for (const c of rig.callbacks.slice(callbacksBefore)) {
    if (!c.stepId || !steps.has(c.stepId) || c.status === null || c.status >= 500 || c.status === 429)
      continue;
    reached.set(c.stepId, (reached.get(c.stepId) ?? 0) + 1);
    if (c.status < 300) accepted.set(c.stepId, (accepted.get(c.stepId) ?? 0) + 1);
  }
  const db = (await rig.ctx()).db;
  const attempts = await db.query<{ step: string; status: number | null }>(
    `SELECT request_body->>'step_id' AS step, status FROM api_calls
     WHERE url LIKE '%/collect_agent_input' AND request_body->>'step_id' = ANY($1::text[]) ORDER BY created_at, id`,
    [`{${[...steps].map((x) => `"${x}"`).join(',')}}`],
  );
  for (const step of steps) {
    const seen = attempts.filter((a) => a.step === step).map((a) => a.status);
    // Called again after Fin had answered this step (accepted, or refused as already answered).
    const afterAnswer = seen.some((st, i) => i > 0 && seen.slice(0, i).some((p) => p === 200 || p === 409));
    if ((accepted.get(step) ?? 0) > 1 || afterAnswer) {
      result.hitlDoubled++;
      result.notes.push(
        `step ${step}: Fin accepted ${accepted.get(step) ?? 0}, console saw [${seen.join(',')}]`,
      );
    } else if ((reached.get(step) ?? 0) > 1) {
      result.hitlResent++;
      result.notes.push(
        `step ${step}: answered again after an attempt Fin did not answer (console saw [${seen.join(',')}])`,
      );
    }
  }
}
