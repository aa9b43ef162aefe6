import type { Conversation, ConversationKind } from '@/lib/console/types';
import type { FinStatus } from '@/lib/fin';

export const STATUS_LABEL: Record<FinStatus, string> = {
  thinking: 'Thinking',
  replying: 'Replying',
  awaiting_user_reply: 'Awaiting user reply',
  escalated: 'Escalated',
  resolved: 'Resolved',
  complete: 'Complete',
};

export const STATUS_TONE: Record<FinStatus, 'brand' | 'amber' | 'violet' | 'green' | 'neutral'> = {
  thinking: 'brand',
  replying: 'brand',
  awaiting_user_reply: 'amber',
  escalated: 'violet',
  resolved: 'green',
  complete: 'neutral',
};

export const STATUSES = Object.keys(STATUS_LABEL) as FinStatus[];

export const isWorking = (s: FinStatus) => s === 'thinking' || s === 'replying';

export interface Step {
  status: FinStatus;
  label: string;
  /** `skipped`: the run went past this step without it happening (no question for the user, say). */
  state: 'done' | 'skipped' | 'current' | 'upcoming';
}

/** A run's progress steps from its statuses; an ask has no "awaiting reply", a passed step never seen is skipped. */
export function progressSteps(
  status: FinStatus,
  kind: ConversationKind,
  seen: ReadonlySet<FinStatus> = new Set(),
): Step[] {
  const outcome: FinStatus = status === 'escalated' || seen.has('escalated') ? 'escalated' : 'resolved';
  const order: FinStatus[] =
    kind === 'ask'
      ? ['thinking', 'replying', outcome, 'complete']
      : kind === 'escalation'
        ? ['escalated', 'complete']
        : ['thinking', 'replying', 'awaiting_user_reply', outcome, 'complete'];
  const rank = (s: FinStatus) => order.indexOf(s === 'escalated' || s === 'resolved' ? outcome : s);
  const current = rank(status);
  // Thinking and replying leave no status event of their own; only the later steps can be missed.
  const optional = new Set<FinStatus>(['awaiting_user_reply', 'resolved', 'escalated']);
  return order.map((s, i) => ({
    status: s,
    label: STATUS_LABEL[s],
    state:
      i === current
        ? s === 'complete'
          ? 'done'
          : 'current'
        : i < current
          ? optional.has(s) && !seen.has(s)
            ? 'skipped'
            : 'done'
          : 'upcoming',
  }));
}

export const KIND_LABEL: Record<ConversationKind, string> = {
  procedure: 'Procedure run',
  ask: 'Ask Fin',
  start: 'Conversation',
  escalation: 'Escalation',
  external: 'Conversation',
};

export function conversationTitle(c: Pick<Conversation, 'kind' | 'procedure_name'>) {
  return c.procedure_name ?? KIND_LABEL[c.kind];
}
