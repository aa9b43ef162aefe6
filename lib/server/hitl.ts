import 'server-only';
import type { HitlStep, HitlSubmitBody } from '@/lib/console/types';
import { auditActor, type Actor } from './auth/roles';
import type { ConsoleContext } from './context';
import {
  beginSubmit,
  claimStep as claimRow,
  closePending,
  finishSubmit,
  getStepRow,
  holdsClaim,
  listStepRows,
  releaseStep as releaseRow,
  toHitlStep,
  type Delivery,
  type HitlStepRow,
  type Teammate,
} from './db/hitl-steps';
import { writeAudit } from './db/records';
import { ConsoleError, FinApiError, UpstreamError } from './errors';
import { noteAnsweredStep } from './hitl-link';
import { validateAttributeValues } from './hitl-values';

export async function listSteps(
  ctx: ConsoleContext,
  filter?: 'pending' | 'answered' | 'failed',
): Promise<HitlStep[]> {
  return (await listStepRows(ctx.db, filter)).map((r) => toHitlStep(r));
}

async function mustGet(ctx: ConsoleContext, stepId: string): Promise<HitlStepRow> {
  const row = await getStepRow(ctx.db, stepId);
  if (!row) throw new ConsoleError('not_found', 'No such HITL step');
  return row;
}

export async function getStep(ctx: ConsoleContext, stepId: string): Promise<HitlStep> {
  return toHitlStep(await mustGet(ctx, stepId));
}

function unavailable(row: HitlStepRow, who: Teammate): ConsoleError {
  const step = toHitlStep(row);
  if (step.status === 'submitted') {
    return new ConsoleError(
      'hitl_already_answered',
      step.answered_by ? `Already answered by ${step.answered_by}` : 'Already answered elsewhere',
    );
  }
  if (step.status === 'refused')
    return new ConsoleError(
      'hitl_refused',
      `This step cannot be answered from the console. ${step.outcome ?? 'Its callback is not the Fin API.'}`,
    );
  if (step.status === 'failed')
    return new ConsoleError(
      'hitl_closed',
      `This step can no longer be answered (${step.outcome ?? 'failed'})`,
    );
  if (step.status === 'submitting')
    return new ConsoleError(
      'hitl_submitting',
      `${row.submitting_by ?? 'Someone'} is submitting an answer right now`,
    );
  if (step.claimed_by && !holdsClaim(row, who)) {
    return new ConsoleError('hitl_claimed', `Claimed by ${step.claimed_by} until ${step.claim_expires_at}`);
  }
  return new ConsoleError('conflict', 'This step changed meanwhile; reload it');
}

export const claimStep = (ctx: ConsoleContext, stepId: string, by: Actor) =>
  changeClaim(ctx, stepId, by, claimRow, 'hitl.claim');

export const releaseStep = (ctx: ConsoleContext, stepId: string, by: Actor) =>
  changeClaim(ctx, stepId, by, releaseRow, 'hitl.release');

async function changeClaim(
  ctx: ConsoleContext,
  stepId: string,
  by: Actor,
  change: typeof claimRow,
  action: 'hitl.claim' | 'hitl.release',
): Promise<HitlStep> {
  const who = auditActor(by);
  const row = await change(ctx.db, stepId, who);
  if (!row) throw unavailable(await mustGet(ctx, stepId), who);
  ctx.hub.publishHitl('updated', row);
  await writeAudit(ctx.db, { ...who, action, target: stepId });
  return toHitlStep(row);
}

const expired = (row: HitlStepRow) => row.expires_at !== null && Number(row.expires_at) * 1000 <= Date.now();

/** Answers a step: one conditional UPDATE takes it (so exactly one callback), then the outcome is recorded. */
export async function submitStep(
  ctx: ConsoleContext,
  stepId: string,
  body: Pick<HitlSubmitBody, 'attribute_values'>,
  by: Actor,
): Promise<HitlStep> {
  const who = auditActor(by);
  const row = await mustGet(ctx, stepId);
  if (row.status !== 'pending') throw unavailable(row, who);
  if (expired(row)) {
    const failed = await closePending(ctx.db, stepId, 'failed', 'expired: not answered before it timed out');
    if (failed) ctx.hub.publishHitl('updated', failed);
    throw new ConsoleError(
      'hitl_expired',
      `This step expired at ${new Date(Number(row.expires_at) * 1000).toISOString()} and can no longer be answered`,
    );
  }
  const checked = validateAttributeValues(row.attributes, body.attribute_values);
  if (!checked.ok) throw new ConsoleError('parameter_invalid', checked.issues[0]!.message, checked.issues);
  // Steps stored before callbacks were checked on arrival are checked here, once.
  const refusal = ctx.fin.callbackProblem(row.callback_url, row.conversation_id);
  if (refusal) {
    const refused = await closePending(ctx.db, stepId, 'refused', refusal);
    if (refused) ctx.hub.publishHitl('updated', refused);
    throw unavailable(refused ?? (await mustGet(ctx, stepId)), who);
  }

  let recovered: { teammate: Teammate; values: HitlStepRow['attribute_values'] } | null = null;
  const taken = await beginSubmit(ctx.db, stepId, who);
  if (!taken) throw unavailable(await mustGet(ctx, stepId), who);
  ctx.hub.publishHitl('updated', taken);

  const finish = async (
    status: 'submitted' | 'failed' | 'pending',
    outcome: string,
    delivery: Omit<Delivery, 'by'>,
    answeredBy: Teammate | null = null,
    values = status === 'submitted' && answeredBy ? checked.values : null,
  ) => {
    const done = await finishSubmit(ctx.db, stepId, {
      status,
      outcome,
      delivery: { ...delivery, by: who },
      answeredBy,
      values,
    });
    ctx.hub.publishHitl('updated', done);
    await writeAudit(ctx.db, { ...who, action: 'hitl.submit', target: stepId, detail: { outcome } });
    return done;
  };
  const rejected = (error: FinApiError) => ({ state: 'rejected' as const, error: error.finMessage });

  try {
    await ctx.fin.collectAgentInput(
      row.callback_url,
      row.conversation_id,
      { step_id: stepId, attribute_values: checked.values },
      row.external_conversation_id,
    );
  } catch (error) {
    // Fin's 409 after our own unanswered attempt means Fin took that attempt: recorded as such.
    const earlier: Teammate | null =
      error instanceof FinApiError &&
      error.status === 409 &&
      row.delivery_state === 'unknown' &&
      row.delivery_by
        ? { actor: row.delivery_by, actorId: row.delivery_by_id }
        : null;
    if (!earlier) {
      if (error instanceof FinApiError && error.status === 409) {
        await finish('submitted', `answered elsewhere: ${error.finMessage}`, rejected(error));
        throw new ConsoleError(
          'hitl_answered_elsewhere',
          'This step was already answered elsewhere (Intercom, Slack or another console); your answer was not used',
        );
      }
      if (error instanceof FinApiError && error.status === 404) {
        await finish('failed', `expired or gone: ${error.finMessage}`, rejected(error));
        throw new ConsoleError(
          'hitl_expired',
          `Fin no longer accepts answers for this step: ${error.finMessage}`,
        );
      }
      if (error instanceof FinApiError && (error.status === 401 || error.status === 403)) {
        // The credential is at fault, not the step: it stays answerable once that is fixed.
        const credential = ctx.connection.describe('app');
        await finish(
          'pending',
          `refused (${error.status}): ${error.finMessage}; check ${credential}`,
          rejected(error),
        );
        throw new ConsoleError(
          error.status === 401 ? 'hitl_unauthorized' : 'hitl_forbidden',
          `Fin refused the answer: ${error.finMessage}. Check ${credential}; the step stays open, so the answer can be sent again once it is fixed`,
        );
      }
      if (error instanceof FinApiError && error.status < 500) {
        await finish('pending', `values rejected: ${error.finMessage}`, rejected(error));
        throw error;
      }
      if (error instanceof UpstreamError) {
        // No answer, or one the client could not read: Fin may have it. The step reopens with what was sent.
        await finish(
          'pending',
          'unknown: Fin did not answer in time; it may already have the answer',
          { state: 'unknown', error: error.message },
          null,
          checked.values,
        );
        throw new ConsoleError(
          'hitl_not_delivered',
          'Fin did not answer in time, so it is not known whether it received the answer. The step is open again: submitting again is safe, Fin accepts one answer per step',
        );
      }
      await finish('pending', 'not delivered: Fin could not be reached', {
        state: 'undelivered',
        error: error instanceof Error ? error.message : String(error),
      });
      if (error instanceof FinApiError) {
        throw new ConsoleError(
          'hitl_not_delivered',
          'Fin could not be reached, so the answer was not delivered. Nothing was lost: the step is pending again, try again',
        );
      }
      throw error;
    }
    recovered = { teammate: earlier, values: row.attribute_values ?? checked.values };
  }

  const answeredBy = recovered?.teammate ?? who;
  const done = recovered
    ? await finish(
        'submitted',
        'submitted: an earlier attempt Fin did not answer had reached it',
        { state: 'delivered', error: null },
        answeredBy,
        recovered.values,
      )
    : await finish('submitted', 'submitted', { state: 'delivered', error: null }, who);
  // The finished row's link, not the one read before the callback: a lead may have set it meanwhile.
  const linkedTo = done.external_conversation_id;
  if (linkedTo) await noteAnsweredStep(ctx, stepId, answeredBy.actor, linkedTo);
  return toHitlStep(done);
}
