import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Fork, ForkBody, ForkList, ForkStarted } from '@/lib/console/forks';
import { attributeValueSchema } from '@/lib/fin';
import type { HitlStep } from '@/lib/console/types';
import { fromConversation, runScenario } from '@/lib/scenarios/runner';
import { scenarioSchema, type HitlAnswers } from '@/lib/scenarios/schema';
import { auditActor, type Principal } from './auth/roles';
import type { ConsoleContext } from './context';
import { getConversationDetail } from './conversations';
import { iso } from './db';
import { writeAudit } from './db/records';
import * as store from './db/forks';
import { ConsoleError } from './errors';
import { getStep } from './hitl';
import { validateAttributeValues } from './hitl-values';
import { log } from './log';
import { inProcessApi, triggerMessage } from './scenarios';
import { simControlAvailable } from './sim-control';

/** A step answers at most this many attributes; the same bound as a scenario's HITL answers. */
const MAX_VALUES = 50;

export const forkBodySchema: z.ZodType<ForkBody> = z.strictObject({
  step_id: z.string().min(1).max(255),
  values: z
    .array(z.strictObject({ identifier: z.string().min(1).max(255), value: attributeValueSchema }))
    .max(MAX_VALUES),
});

/** Forks replaying at once per console; each is one run on the simulator. */
const MAX_RUNNING_FORKS = 3;
/** How long the answer waits for the fork's conversation to be recorded, so its page opens on it. */
const START_WAIT_MS = 10_000;

const holder = globalThis as unknown as { __finForks?: Set<Promise<void>> };
const running = () => (holder.__finForks ??= new Set());

/** Resolves once the console's forks in progress have ended (tests, shutdown). */
export async function settleForks(): Promise<void> {
  await Promise.all([...running()]);
}

const toFork = (r: store.ForkRow): Fork => ({
  conversation_id: r.fork_id,
  source_id: r.source_id,
  step_id: r.step_id,
  question: r.question,
  values: r.attribute_values,
  created_by: r.created_by,
  created_at: iso(r.created_at)!,
  status: r.status,
  reason: r.reason,
});

export async function listForks(ctx: ConsoleContext, conversationId: string): Promise<ForkList> {
  await getConversationDetail(ctx, conversationId);
  return {
    forks: (await store.listForkRows(ctx.db, conversationId)).map(toFork),
    available: simControlAvailable(ctx.env),
  };
}

/** The step's answers by attribute name, as a scenario writes them (a list option by its id). */
function answersByName(step: HitlStep, values: { identifier: string; value: unknown }[]): HitlAnswers {
  const byId = new Map(values.map((v) => [v.identifier, v.value]));
  return Object.fromEntries(
    step.attributes.flatMap((a) => {
      const value = byId.get(a.identifier);
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? [[a.name, value]]
        : [];
    }),
  );
}

/**
 * Replays a finished run on the simulator with another answer to one of its HITL steps: the
 * run's own scenario with that answer replaced, run by the scenario runner in the background.
 */
export async function startFork(
  ctx: ConsoleContext,
  conversationId: string,
  body: ForkBody,
  me: Principal,
): Promise<ForkStarted> {
  if (!simControlAvailable(ctx.env))
    throw new ConsoleError('conflict', 'What-if forks need the built-in simulator');
  const detail = await getConversationDetail(ctx, conversationId);
  if (['thinking', 'replying'].includes(detail.conversation.status))
    throw new ConsoleError('conflict', 'The conversation is still running; fork it once Fin has finished');
  const asked = [
    ...new Set(
      detail.events.flatMap((e) => (e.event.event_name === 'console_hitl_pending' ? [e.event.step_id] : [])),
    ),
  ];
  const notHere = new ConsoleError('parameter_invalid', 'No such HITL step in this conversation', [
    { code: 'parameter_invalid', message: 'No such HITL step in this conversation', field: 'step_id' },
  ]);
  if (!asked.includes(body.step_id)) throw notHere;
  const steps = await Promise.all(asked.map((id) => getStep(ctx, id)));
  const step = steps.find((s) => s.step_id === body.step_id)!;
  if (step.status !== 'submitted' || !step.attribute_values)
    throw new ConsoleError('conflict', 'Only an answered HITL step can be answered differently');
  const checked = validateAttributeValues(step.attributes, body.values);
  if (!checked.ok) throw new ConsoleError('parameter_invalid', checked.issues[0]!.message, checked.issues);
  if (running().size >= MAX_RUNNING_FORKS)
    throw new ConsoleError(
      'rate_limited',
      `${MAX_RUNNING_FORKS} forks are running already; try again when one ends`,
    );

  const trigger = await triggerMessage(ctx, conversationId);
  const input = fromConversation(detail, steps, { name: `What if: ${conversationId}`, trigger });
  // fromConversation keeps the answers of submitted steps, in the order they were asked.
  const answered = steps.filter((s) => s.attribute_values);
  const at = answered.findIndex((s) => s.step_id === step.step_id);
  const hitl = Array.isArray(input.hitl) ? [...input.hitl] : [input.hitl ?? {}];
  hitl[at] = answersByName(step, checked.values);
  const scenario = scenarioSchema.parse({ ...input, hitl });

  const forkKey = `fork-${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const forkId = `scn-${forkKey}`;
  await store.insertFork(ctx.db, {
    fork_id: forkId,
    source_id: conversationId,
    step_id: step.step_id,
    question: step.hitl_question,
    attribute_values: checked.values,
    created_by: me.name,
  });
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'conversations.fork',
    target: conversationId,
    detail: { fork: forkId, step: step.step_id },
  });

  const run = runScenario(inProcessApi(ctx, me), scenario, { newId: () => forkKey })
    .then((r) =>
      store.finishFork(
        ctx.db,
        forkId,
        r.status === 'error' ? 'error' : 'finished',
        r.status === 'error' ? r.reason : null,
      ),
    )
    .catch(async (error) => {
      log.error(`What-if fork ${forkId} stopped`, error);
      await store
        .finishFork(ctx.db, forkId, 'error', 'The replay stopped unexpectedly')
        .catch(() => undefined);
    });
  const tracked = run.finally(() => running().delete(tracked));
  running().add(tracked);
  await recorded(ctx, forkId, tracked);
  return { conversation_id: forkId };
}

/** Waits until the fork's conversation is stored (or its run ended), so the compare page finds it. */
async function recorded(ctx: ConsoleContext, id: string, run: Promise<void>): Promise<void> {
  let ended = false;
  void run.then(() => (ended = true));
  const deadline = Date.now() + START_WAIT_MS;
  while (!ended && Date.now() < deadline) {
    const rows = await ctx.db.query('SELECT 1 FROM conversations WHERE id = $1', [id]);
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
