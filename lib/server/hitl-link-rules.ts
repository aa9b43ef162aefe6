import type { FinStatus, FinUser, RecentMessage } from '@/lib/fin';
import type { HitlLinkKind, LinkCandidate, LinkEvidence } from '@/lib/console/types';

/** Which run a HITL step belongs to, from facts alone (no store, no clock); without an Intercom id, linked only when one run is clearly best. */

/** How far back a run may have started and still be waiting on a step. */
export const LINK_WINDOW_MS = 24 * 60 * 60_000;
/** A step's webhook may beat the answer that records its run by this much. */
export const LINK_SKEW_MS = 60_000;
/** Statuses after which a run asks for nothing more. */
const FINISHED: readonly FinStatus[] = ['escalated', 'resolved', 'complete'];

/** Score of one definite match plus one fact that could not be checked: the least a link needs. */
const MIN_SCORE = 3;
/** How far the best run must lead the next one. */
const MIN_LEAD = 2;
/** Another step of the same Intercom conversation is already on the run: one run, one conversation. */
const SAME_CONVERSATION_SCORE = 10;

export interface StepFacts {
  step_id: string;
  conversation_id: string;
  procedure_name: string;
  recent_messages: RecentMessage[];
  received_at: Date;
}

export interface RunFacts {
  id: string;
  procedure_name: string | null;
  user: FinUser;
  status: FinStatus;
  created_at: Date;
  intercom_conversation_id: string | null;
  step_conversations: string[];
}

export interface LinkDecision {
  conversationId: string | null;
  kind: Extract<HitlLinkKind, 'intercom_id' | 'inferred'> | null;
  evidence: LinkEvidence[];
  /** Runs the step could belong to, best first (empty when the Intercom id decided). */
  candidates: LinkCandidate[];
}

const norm = (s: string | null | undefined) => s?.trim().toLowerCase() || null;

const seconds = (ms: number) => `${(Math.abs(ms) / 1000).toFixed(1)} s`;

/** The end user the step's recent messages name: the newest part a user wrote. */
export function stepEndUser(messages: RecentMessage[]): RecentMessage['author'] | null {
  const byUser = messages.filter((m) => m.author.type === 'user');
  return (
    byUser.reduce<RecentMessage | null>((a, m) => (!a || m.created_at >= a.created_at ? m : a), null)
      ?.author ?? null
  );
}

type Judged = { excluded: string } | { score: number; evidence: LinkEvidence[] };

function judge(step: StepFacts, run: RunFacts): Judged {
  const others = run.step_conversations.filter((c) => c !== step.conversation_id);
  if (run.intercom_conversation_id && run.intercom_conversation_id !== step.conversation_id)
    return { excluded: `is Intercom conversation ${run.intercom_conversation_id}` };
  if (others.length > 0) return { excluded: `already has a step from Intercom conversation ${others[0]}` };
  const lead = step.received_at.getTime() - run.created_at.getTime();
  if (lead < -LINK_SKEW_MS) return { excluded: 'started after the step arrived' };
  if (lead > LINK_WINDOW_MS) return { excluded: 'started too long before the step' };
  if (FINISHED.includes(run.status)) return { excluded: `is ${run.status}` };
  const stepProcedure = norm(step.procedure_name);
  const runProcedure = norm(run.procedure_name);
  if (stepProcedure && runProcedure && stepProcedure !== runProcedure)
    return { excluded: `runs ${run.procedure_name}` };
  const endUser = stepEndUser(step.recent_messages);
  const stepEmail = norm(endUser?.email);
  const runEmail = norm(run.user.email);
  if (stepEmail && runEmail && stepEmail !== runEmail) return { excluded: `is for ${run.user.email}` };

  const evidence: LinkEvidence[] = [];
  let score = 0;
  if (run.step_conversations.includes(step.conversation_id)) {
    score += SAME_CONVERSATION_SCORE;
    evidence.push({
      kind: 'same_conversation',
      weight: 'for',
      detail: `Another step of Intercom conversation ${step.conversation_id} is linked to this run`,
    });
  }
  if (runProcedure) {
    score += 2;
    evidence.push({ kind: 'procedure', weight: 'for', detail: `Both are "${step.procedure_name}"` });
  } else {
    score += 1;
    evidence.push({
      kind: 'procedure',
      weight: 'unknown',
      detail: "The run's procedure name is not known yet",
    });
  }
  const who = endUser ? (endUser.email ?? endUser.name ?? endUser.id) : null;
  if (!endUser) {
    score += 1;
    evidence.push({ kind: 'user', weight: 'unknown', detail: "The step's recent messages name no end user" });
  } else if (endUser.id === run.user.id || (stepEmail && stepEmail === runEmail)) {
    score += 2;
    evidence.push({ kind: 'user', weight: 'for', detail: `End user ${who} is the run's user` });
  } else {
    evidence.push({
      kind: 'user',
      weight: 'against',
      detail: `End user ${who} does not match the run's user ${run.user.email ?? run.user.id}`,
    });
  }
  evidence.push({
    kind: 'timing',
    weight: 'for',
    detail:
      lead >= 0
        ? `The run started ${seconds(lead)} before the step arrived`
        : `The run was recorded ${seconds(lead)} after the step arrived`,
  });
  evidence.push({ kind: 'state', weight: 'for', detail: `The run is ${run.status.replaceAll('_', ' ')}` });
  return { score, evidence };
}

/** Links by Intercom id when a run carries it; otherwise infers conservatively from the step's facts. */
export function decideLink(step: StepFacts, runs: RunFacts[]): LinkDecision {
  const byId = runs
    .filter((r) => r.intercom_conversation_id === step.conversation_id)
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || a.id.localeCompare(b.id))[0];
  if (byId) {
    return {
      conversationId: byId.id,
      kind: 'intercom_id',
      evidence: [
        {
          kind: 'intercom_id',
          weight: 'for',
          detail: `Fin answered with Intercom conversation ${step.conversation_id}`,
        },
      ],
      candidates: [],
    };
  }
  const candidates: LinkCandidate[] = [];
  for (const run of runs) {
    const judged = judge(step, run);
    if ('excluded' in judged) continue;
    candidates.push({
      conversation_id: run.id,
      procedure_name: run.procedure_name,
      user: run.user,
      status: run.status,
      created_at: run.created_at.toISOString(),
      score: judged.score,
      evidence: judged.evidence,
    });
  }
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      Date.parse(b.created_at) - Date.parse(a.created_at) ||
      a.conversation_id.localeCompare(b.conversation_id),
  );
  const [best, next] = candidates;
  if (best && best.score >= MIN_SCORE && (!next || best.score - next.score >= MIN_LEAD)) {
    return { conversationId: best.conversation_id, kind: 'inferred', evidence: best.evidence, candidates };
  }
  return { conversationId: null, kind: null, evidence: [], candidates };
}
