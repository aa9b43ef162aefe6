import type { HitlStep } from '@/lib/console/types';

// Pure functions of the step and the clock, so the inbox, the step page and the tests agree.

export function isExpired(step: Pick<HitlStep, 'expires_at' | 'status' | 'outcome'>, now: number): boolean {
  if (step.status === 'failed' && /expire/i.test(step.outcome ?? '')) return true;
  return step.status !== 'submitted' && step.expires_at !== null && step.expires_at * 1000 <= now;
}

export function msUntilExpiry(step: Pick<HitlStep, 'expires_at'>, now: number): number | null {
  return step.expires_at === null ? null : step.expires_at * 1000 - now;
}

export type ClaimState =
  { kind: 'none' } | { kind: 'mine'; msLeft: number } | { kind: 'other'; by: string; msLeft: number };

export type Viewer = string | { id: string | null; name: string };

/** A claim lapses. One by an account is mine only if it is my account (names are not unique). */
export function claimState(
  step: Pick<HitlStep, 'claimed_by' | 'claimed_by_id' | 'claim_expires_at'>,
  me: Viewer,
  now: number,
): ClaimState {
  if (!step.claimed_by || !step.claim_expires_at) return { kind: 'none' };
  const msLeft = Date.parse(step.claim_expires_at) - now;
  if (!(msLeft > 0)) return { kind: 'none' };
  const { id, name } = typeof me === 'string' ? { id: null, name: me } : me;
  const mine =
    step.claimed_by_id != null
      ? id === step.claimed_by_id
      : !!name && step.claimed_by.trim().toLowerCase() === name.trim().toLowerCase();
  if (mine) return { kind: 'mine', msLeft };
  return { kind: 'other', by: step.claimed_by, msLeft };
}

export type Answerability =
  | { ok: true }
  | {
      ok: false;
      reason: 'answered' | 'refused' | 'expired' | 'failed' | 'submitting' | 'claimed';
      message: string;
    };

export function answerability(step: HitlStep, me: Viewer, now: number): Answerability {
  if (step.status === 'submitted') {
    return {
      ok: false,
      reason: 'answered',
      message: `Already answered${step.answered_by ? ` by ${step.answered_by}` : ''}.`,
    };
  }
  if (step.status === 'refused') {
    return {
      ok: false,
      reason: 'refused',
      message: `${step.outcome ?? 'Its callback is not the Fin API.'} The console only calls the configured Fin API, so this step cannot be answered here.`,
    };
  }
  if (isExpired(step, now)) {
    return {
      ok: false,
      reason: 'expired',
      message: 'This step has expired and can no longer be answered. The procedure follows its timeout path.',
    };
  }
  if (step.status === 'failed') {
    return {
      ok: false,
      reason: 'failed',
      message: step.outcome
        ? `This step can no longer be answered: ${step.outcome}`
        : 'This step can no longer be answered.',
    };
  }
  if (step.status === 'submitting') {
    return { ok: false, reason: 'submitting', message: 'An answer to this step is being sent right now.' };
  }
  const claim = claimState(step, me, now);
  if (claim.kind === 'other') {
    return {
      ok: false,
      reason: 'claimed',
      message: `${claim.by} is working on this step. Their claim lapses in ${formatDuration(claim.msLeft)}.`,
    };
  }
  return { ok: true };
}

/** The end user's name or email, from the recent messages (the step carries no user record). */
export function endUserOf(step: Pick<HitlStep, 'recent_messages'>): string | null {
  for (const m of step.recent_messages) {
    if (m.author.type === 'user' || m.author.type === 'lead' || m.author.type === 'contact') {
      const who = m.author.name?.trim() || m.author.email?.trim();
      if (who) return who;
    }
  }
  return null;
}

export function conversationLink(
  step: Pick<HitlStep, 'external_conversation_id' | 'conversation_url'>,
): { href: string; external: boolean } | null {
  if (step.external_conversation_id) {
    return { href: `/conversations/${encodeURIComponent(step.external_conversation_id)}`, external: false };
  }
  if (step.conversation_url && /^https?:\/\//i.test(step.conversation_url))
    return { href: step.conversation_url, external: true };
  return null;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export type SortOrder = 'oldest' | 'newest';

export function sortSteps<T extends Pick<HitlStep, 'received_at' | 'step_id'>>(
  steps: readonly T[],
  order: SortOrder,
): T[] {
  const dir = order === 'oldest' ? 1 : -1;
  return [...steps].sort(
    (a, b) =>
      dir * (Date.parse(a.received_at) - Date.parse(b.received_at)) || a.step_id.localeCompare(b.step_id),
  );
}

export function matchesSearch(step: HitlStep, query: string, answerTexts: readonly string[] = []): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const haystack = [
    step.procedure_name,
    step.hitl_question,
    step.answered_by,
    step.conversation_id,
    step.external_conversation_id,
    endUserOf(step),
    ...answerTexts,
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  return q.split(/\s+/).every((word) => haystack.includes(word));
}

/** Shown where a notification left the procedure name or question out (both are optional in practice). */
export const procedureLabel = (step: Pick<HitlStep, 'procedure_name'>) =>
  step.procedure_name.trim() || 'Unnamed procedure';
export const questionLabel = (step: Pick<HitlStep, 'hitl_question'>) =>
  step.hitl_question.trim() || 'No question came with this step';

/** The step stays answerable; the page names the gaps so a teammate knows why they are blank. */
export function stepGaps(
  step: Pick<HitlStep, 'procedure_name' | 'hitl_question' | 'priority' | 'conversation_url' | 'attributes'>,
): string[] {
  const gaps: string[] = [];
  if (!step.procedure_name.trim()) gaps.push('procedure name');
  if (!step.hitl_question.trim()) gaps.push('question');
  if (step.priority === null) gaps.push('priority');
  if (!step.conversation_url) gaps.push('link to the conversation');
  if (step.attributes.some((a) => !a.label.trim() && !a.name.trim())) gaps.push('names of some fields');
  return gaps;
}
