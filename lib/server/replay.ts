import 'server-only';
import type { ReplayData, ReplayHitl, ReplayStep } from '@/lib/console/replay';
import { buildTimeline, openingMessage, type TimelineItem } from '@/lib/console/timeline-model';
import { conversationTitle } from '@/components/conversation/status';
import type { Principal } from './auth/roles';
import { auditActor } from './auth/roles';
import type { ConsoleContext } from './context';
import { getConversationDetail } from './conversations';
import { getStepRows, type HitlStepRow } from './db/hitl-steps';
import { iso } from './db';
import { listApiCalls, writeAudit } from './db/records';
import { listNotes, saveNote as saveNoteRow } from './db/replay-notes';
import { ConsoleError } from './errors';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A valid ISO instant for any stored time (a Fin stamp may be malformed). */
const instant = (at: string, fallback: string) => {
  const t = Date.parse(at);
  return Number.isNaN(t) ? fallback : new Date(t).toISOString();
};

/** The timeline items a replay shows; internal ones (drift, unknown events, warnings) stay in the console. */
function toStep(item: TimelineItem, at: string): ReplayStep | null {
  const base = { seq: item.seq, at };
  switch (item.kind) {
    case 'fin':
      return { ...base, kind: 'fin', html: item.html };
    case 'fin-draft':
      return { ...base, kind: 'fin', html: `<p>${escapeHtml(item.text)}</p>` };
    case 'user':
      return { ...base, kind: 'user', author: item.author === 'agent' ? 'agent' : 'user', body: item.body };
    case 'status':
      return { ...base, kind: 'status', status: item.status, reason: item.reason };
    case 'hitl':
      return { ...base, kind: 'hitl', question: item.question };
    case 'escalation-requested':
      return { ...base, kind: 'escalation', context: item.context };
    case 'csat-requested':
      return { ...base, kind: 'csat-requested' };
    case 'csat-submitted':
      return { ...base, kind: 'csat', rating: item.rating, remark: item.remark };
    default:
      return null;
  }
}

function toHitl(seq: number, question: string, row: HitlStepRow | undefined): ReplayHitl {
  const values = new Map((row?.attribute_values ?? []).map((v) => [v.identifier, v.value]));
  const answered = row?.status === 'submitted';
  return {
    seq,
    procedure_name: row?.procedure_name ?? '',
    question: row?.hitl_question ?? question,
    attributes: (row?.attributes ?? []).map((a) => ({
      name: a.name,
      label: a.label,
      data_type: a.data_type,
      options: a.options?.length ? a.options : null,
      value: values.get(a.identifier) ?? null,
    })),
    state: answered
      ? 'answered'
      : row?.status === 'failed' || row?.status === 'refused'
        ? 'failed'
        : 'pending',
    answered_by: answered ? row.answered_by : null,
    answered_at: answered ? iso(row.answered_at) : null,
  };
}

/** Room for a note of the longest length, every character escaped. */
export const NOTE_BODY_LIMIT = 16 * 1024;

const FINISHED = new Set(['resolved', 'escalated', 'complete']);

/** A conversation as the presenter replay plays it, built from the same timeline model as the live page. */
export async function loadReplay(ctx: ConsoleContext, conversationId: string): Promise<ReplayData> {
  const { conversation: c, events } = await getConversationDetail(ctx, conversationId);
  const [calls, notes] = await Promise.all([
    listApiCalls(ctx.db, conversationId),
    listNotes(ctx.db, conversationId),
  ]);
  const timeline = buildTimeline(events, openingMessage(calls));
  let last = c.created_at;
  const steps = timeline.items.flatMap((item) => {
    last = instant(item.at, last);
    const step = toStep(item, last);
    return step ? [step] : [];
  });
  const hitlItems = timeline.items.flatMap((i) => (i.kind === 'hitl' ? [i] : []));
  const rows = new Map(
    (
      await getStepRows(
        ctx.db,
        hitlItems.map((i) => i.stepId),
      )
    ).map((r) => [r.step_id, r]),
  );
  return {
    conversation: {
      title: conversationTitle(c),
      kind: c.kind,
      procedure_name: c.procedure_name,
      status: c.status,
      started_at: steps[0]?.at ?? c.created_at,
      ended_at: FINISHED.has(c.status) ? (steps.at(-1)?.at ?? c.updated_at) : null,
      user: {
        id: c.user.id,
        name: c.user.name ?? null,
        email: c.user.email ?? null,
        attributes: c.user.attributes ?? {},
      },
    },
    steps,
    hitl: hitlItems.map((i) => toHitl(i.seq, i.question, rows.get(i.stepId))),
    notes,
  };
}

/** Writes (or, empty, deletes) a lead's note on one step, audit-logged; the step must exist. */
export async function saveNote(
  ctx: ConsoleContext,
  conversationId: string,
  seq: number,
  body: string,
  me: Principal,
) {
  const replay = await loadReplay(ctx, conversationId);
  if (!replay.steps.some((s) => s.seq === seq))
    throw new ConsoleError('not_found', 'This conversation has no step with that number');
  const actor = auditActor(me);
  const note = await saveNoteRow(ctx.db, conversationId, seq, body, {
    actor: actor.actor,
    actorId: actor.actorId ?? null,
  });
  await writeAudit(ctx.db, {
    ...actor,
    action: body ? 'replay.note' : 'replay.note_delete',
    target: conversationId,
    detail: { seq, chars: body.length },
  });
  return { note };
}
