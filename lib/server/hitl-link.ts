import 'server-only';
import type { ReceivedHitlNotification } from '@/lib/fin';
import type { HitlLinkView, HitlStep } from '@/lib/console/types';
import { actorName, auditActor, type Actor } from './auth/roles';
import type { ConsoleContext } from './context';
import { fitsKey, jsonParam, type Queryable } from './db';
import { getConversationRow, type ConversationRow } from './db/conversations';
import { getStepRow, toHitlStep, type HitlStepRow, type StepLink } from './db/hitl-steps';
import { writeAudit } from './db/records';
import { ConsoleError, fieldError } from './errors';
import { decideLink, LINK_SKEW_MS, LINK_WINDOW_MS, type RunFacts, type StepFacts } from './hitl-link-rules';
import { notePendingStep } from './webhooks';

/** Runs a step could belong to: the one Fin named by Intercom id, and procedure runs of its window. */
async function runsFor(db: Queryable, step: StepFacts): Promise<RunFacts[]> {
  const at = step.received_at.getTime();
  const rows = await db.query<
    Pick<
      ConversationRow,
      'id' | 'procedure_name' | 'user_json' | 'status' | 'created_at' | 'intercom_conversation_id'
    > & {
      step_conversations: string[] | null;
    }
  >(
    `SELECT c.id, COALESCE(c.procedure_name, p.name) AS procedure_name, c.user_json, c.status, c.created_at,
       c.intercom_conversation_id,
       ARRAY(SELECT DISTINCT h.conversation_id FROM hitl_steps h
             WHERE h.external_conversation_id = c.id AND h.step_id <> $4) AS step_conversations
     FROM conversations c LEFT JOIN procedures p ON p.id = c.procedure_id
     WHERE c.intercom_conversation_id = $1
        OR (c.kind = 'procedure' AND c.created_at >= $2 AND c.created_at <= $3)
     ORDER BY c.created_at DESC, c.id LIMIT 200`,
    [
      step.conversation_id,
      new Date(at - LINK_WINDOW_MS).toISOString(),
      new Date(at + LINK_SKEW_MS).toISOString(),
      step.step_id,
    ],
  );
  return rows.map((r) => ({
    id: r.id,
    procedure_name: r.procedure_name,
    user: r.user_json,
    status: r.status,
    created_at: new Date(r.created_at),
    intercom_conversation_id: r.intercom_conversation_id,
    step_conversations: r.step_conversations ?? [],
  }));
}

const factsOf = (row: HitlStepRow): StepFacts => ({
  step_id: row.step_id,
  conversation_id: row.conversation_id,
  procedure_name: row.procedure_name,
  recent_messages: row.recent_messages,
  received_at: new Date(row.received_at),
});

/** The link a newly arrived step gets: by Intercom id, inferred, or none. */
export async function linkForNewStep(ctx: ConsoleContext, n: ReceivedHitlNotification): Promise<StepLink> {
  const step: StepFacts = {
    step_id: n.step_id,
    conversation_id: n.conversation_id,
    procedure_name: n.procedure_name,
    recent_messages: n.recent_messages ?? [],
    received_at: new Date(),
  };
  const d = decideLink(step, await runsFor(ctx.db, step));
  return { conversationId: d.conversationId, kind: d.kind, evidence: d.evidence };
}

/** Adds the `console_hitl_answered` note once per step and conversation. */
export async function noteAnsweredStep(
  ctx: ConsoleContext,
  stepId: string,
  answeredBy: string,
  conversationId: string,
): Promise<void> {
  await ctx.hub.ingest(
    conversationId,
    {
      event_name: 'console_hitl_answered',
      step_id: stepId,
      answered_by: answeredBy,
      created_at_ms: new Date().toISOString(),
    },
    'console',
    { key: `hitl_answered:${stepId}` },
  );
}

/** Puts a newly linked step on its run's timeline and tells every open inbox. */
async function announceLink(ctx: ConsoleContext, row: HitlStepRow): Promise<void> {
  ctx.hub.publishHitl('updated', row);
  if (!row.external_conversation_id) return;
  await notePendingStep(ctx, row, row.external_conversation_id);
  if (row.status === 'submitted' && row.answered_by)
    await noteAnsweredStep(ctx, row.step_id, row.answered_by, row.external_conversation_id);
}

/** Links steps received since `since` that arrived before their run or its procedure name was recorded; leads' decisions stand. */
export async function adoptRecentSteps(ctx: ConsoleContext, since: Date): Promise<void> {
  const waiting = await ctx.db.query<HitlStepRow>(
    `SELECT * FROM hitl_steps WHERE status = ANY('{pending,submitting}'::text[]) AND received_at >= $1
       AND external_conversation_id IS NULL AND link_kind IS NULL
     ORDER BY received_at DESC LIMIT 20`,
    [new Date(Math.max(since.getTime(), Date.now() - LINK_SKEW_MS)).toISOString()],
  );
  for (const row of waiting) {
    const step = factsOf(row);
    const d = decideLink(step, await runsFor(ctx.db, step));
    if (!d.conversationId) continue;
    const [linked] = await ctx.db.query<HitlStepRow>(
      `UPDATE hitl_steps SET external_conversation_id = $2, link_kind = $3, link_evidence = $4::jsonb, updated_at = now()
       WHERE step_id = $1 AND external_conversation_id IS NULL AND link_kind IS NULL RETURNING *`,
      [row.step_id, d.conversationId, d.kind, jsonParam(d.evidence)],
    );
    if (linked) await announceLink(ctx, linked);
  }
}

async function mustGetStep(ctx: ConsoleContext, stepId: string): Promise<HitlStepRow> {
  const row = await getStepRow(ctx.db, stepId);
  if (!row) throw new ConsoleError('not_found', 'No such HITL step');
  return row;
}

/** The step's link and the runs it could be linked to, best first. */
export async function linkView(ctx: ConsoleContext, stepId: string): Promise<HitlLinkView> {
  const row = await mustGetStep(ctx, stepId);
  const step = factsOf(row);
  const { candidates } = decideLink(
    step,
    (await runsFor(ctx.db, step)).filter((r) => r.intercom_conversation_id !== step.conversation_id),
  );
  return { step: toHitlStep(row), candidates };
}

/** A lead links a step to a conversation or unlinks it (null), audited; a link Fin's answer made by Intercom id is not overridden. */
export async function setStepLink(
  ctx: ConsoleContext,
  stepId: string,
  conversationId: string | null,
  by: Actor,
): Promise<HitlStep> {
  const row = await mustGetStep(ctx, stepId);
  if (row.link_kind === 'intercom_id' && row.external_conversation_id) {
    throw new ConsoleError(
      'conflict',
      `This step is linked to ${row.external_conversation_id} by its Intercom conversation id, which Fin gave; it cannot be changed by hand`,
    );
  }
  if (conversationId !== null) {
    const missing = `No conversation ${JSON.stringify(conversationId.slice(0, 80))} in the console`;
    if (!fitsKey(conversationId) || !(await getConversationRow(ctx.db, conversationId)))
      throw fieldError('parameter_invalid', missing, 'conversation_id');
  }
  const name = actorName(by);
  const evidence = [
    {
      kind: 'manual' as const,
      weight: 'for' as const,
      detail: conversationId ? `Linked by ${name}` : `Marked not linked by ${name}`,
    },
  ];
  const [updated] = await ctx.db.query<HitlStepRow>(
    `UPDATE hitl_steps SET external_conversation_id = $2, link_kind = 'manual', link_evidence = $3::jsonb,
       linked_by = $4, updated_at = now()
     WHERE step_id = $1 AND (link_kind IS DISTINCT FROM 'intercom_id' OR external_conversation_id IS NULL)
     RETURNING *`,
    [stepId, conversationId, jsonParam(evidence), name],
  );
  if (!updated) throw new ConsoleError('conflict', 'This step was linked by Fin meanwhile; reload it');
  await writeAudit(ctx.db, {
    ...auditActor(by),
    action: 'hitl.link',
    target: stepId,
    detail: { conversation_id: conversationId, previous: row.external_conversation_id, was: row.link_kind },
  });
  await announceLink(ctx, updated);
  return toHitlStep(updated);
}
