/** A conversation's actual milestones and the check of expected ones against them (pure, isomorphic). */
import type { HitlAttribute } from '@/lib/fin';
import type { MilestoneResult } from '@/lib/console/scenarios';
import type { StoredEvent } from '@/lib/console/types';
import { stripHtml } from '@/lib/sim/html';
import { MATCHED_TEXT_CHARS, type Milestone } from './schema';

export type ActualMilestone =
  | { kind: 'status'; status: string }
  | { kind: 'fin_says'; text: string }
  | { kind: 'hitl_asked'; step_id: string; attributes: string[] }
  | { kind: 'escalated' }
  | { kind: 'resolved' }
  | { kind: 'csat_requested' };

export interface StepAttributes {
  step_id: string;
  attributes: Pick<HitlAttribute, 'name'>[];
}

/**
 * The milestones of a conversation's stored events in seq order; `steps` gives the attributes
 * of the HITL steps its `console_hitl_pending` notes name (a step not given shows no attributes).
 */
export function extractMilestones(events: StoredEvent[], steps: StepAttributes[] = []): ActualMilestone[] {
  const attributesOf = new Map(steps.map((s) => [s.step_id, s.attributes.map((a) => a.name)]));
  const out: ActualMilestone[] = [];
  const status = (value: string) => {
    const last = out.findLast((m) => m.kind === 'status');
    if (last?.status !== value) out.push({ kind: 'status', status: value });
  };
  for (const { event } of [...events].sort((a, b) => a.seq - b.seq)) {
    switch (event.event_name) {
      case 'fin_status_updated':
        status(event.status);
        if (event.status === 'escalated') out.push({ kind: 'escalated' });
        if (event.status === 'resolved') out.push({ kind: 'resolved' });
        break;
      case 'fin_replied':
        out.push({ kind: 'fin_says', text: stripHtml(event.message.body) });
        if (event.status === 'awaiting_user_reply') status(event.status);
        break;
      case 'csat_requested':
        out.push({ kind: 'csat_requested' });
        break;
      case 'console_hitl_pending':
        out.push({
          kind: 'hitl_asked',
          step_id: event.step_id,
          attributes: attributesOf.get(event.step_id) ?? [],
        });
        break;
    }
  }
  return out;
}

const quote = (text: string, max = 80) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
const list = (names: string[]) => names.join(', ');

export function describeMilestone(m: Milestone): string {
  if ('status' in m) return `status ${m.status}`;
  if ('hitl_asked' in m)
    return m.hitl_asked.length > 0 ? `HITL step asking for ${list(m.hitl_asked)}` : 'a HITL step';
  if ('escalated' in m) return m.escalated ? 'escalated' : 'not escalated';
  if ('resolved' in m) return m.resolved ? 'resolved' : 'not resolved';
  if ('csat_requested' in m) return m.csat_requested ? 'CSAT requested' : 'no CSAT request';
  return 'contains' in m.fin_says
    ? `Fin says ${quote(m.fin_says.contains)}`
    : `Fin says /${m.fin_says.matches}/`;
}

export function describeActual(a: ActualMilestone): string {
  switch (a.kind) {
    case 'status':
      return `status ${a.status}`;
    case 'fin_says':
      return `Fin says ${quote(a.text)}`;
    case 'hitl_asked':
      return a.attributes.length > 0 ? `HITL step asking for ${list(a.attributes)}` : 'a HITL step';
    case 'escalated':
      return 'escalated';
    case 'resolved':
      return 'resolved';
    case 'csat_requested':
      return 'CSAT requested';
  }
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

function satisfies(m: Milestone, a: ActualMilestone): boolean {
  if ('status' in m) return a.kind === 'status' && a.status === m.status;
  if ('hitl_asked' in m) {
    if (a.kind !== 'hitl_asked') return false;
    const asked = new Set(a.attributes.map(normalize));
    return m.hitl_asked.every((name) => asked.has(normalize(name)));
  }
  // The value only says whether it must happen or must not (see isAbsence).
  if ('escalated' in m) return a.kind === 'escalated';
  if ('resolved' in m) return a.kind === 'resolved';
  if ('csat_requested' in m) return a.kind === 'csat_requested';
  if (a.kind !== 'fin_says') return false;
  const text = a.text.slice(0, MATCHED_TEXT_CHARS);
  if ('contains' in m.fin_says) return normalize(text).includes(normalize(m.fin_says.contains));
  return new RegExp(m.fin_says.matches, 'iu').test(text);
}

/** `escalated: false` and the like hold over the whole conversation; every other milestone is ordered. */
const isAbsence = (m: Milestone) =>
  ('escalated' in m && !m.escalated) ||
  ('resolved' in m && !m.resolved) ||
  ('csat_requested' in m && !m.csat_requested);

function notFound(m: Milestone, actual: ActualMilestone[]): string {
  const expected = describeMilestone(m);
  if ('status' in m) {
    const reached = actual.flatMap((a) => (a.kind === 'status' ? [a.status] : []));
    return `never reached status ${m.status} (reached: ${list(reached) || 'none'})`;
  }
  if ('hitl_asked' in m) {
    const steps = actual.flatMap((a) => (a.kind === 'hitl_asked' ? [`[${list(a.attributes)}]`] : []));
    return steps.length > 0
      ? `no ${expected} (steps asked for: ${steps.join(' ')})`
      : 'no HITL step was asked';
  }
  if ('fin_says' in m) {
    const said = actual.findLast((a) => a.kind === 'fin_says');
    const how =
      'contains' in m.fin_says ? `contains ${quote(m.fin_says.contains)}` : `matches /${m.fin_says.matches}/`;
    return `no message from Fin ${how}${said ? ` (the last one: ${quote(said.text)})` : ' (Fin said nothing)'}`;
  }
  if ('escalated' in m) return 'was never escalated';
  if ('resolved' in m) return 'was never resolved';
  return 'no CSAT was requested';
}

export interface MatchResult {
  passed: boolean;
  milestones: MilestoneResult[];
  failed_at: number | null;
  reason: string | null;
  expected: string[];
  actual: string[];
}

/** Each ordered milestone must come no earlier than the one before it that passed (one message may meet two). */
export function matchMilestones(expected: Milestone[], actual: ActualMilestone[]): MatchResult {
  let cursor = 0;
  const milestones = expected.map((m): MilestoneResult => {
    const label = describeMilestone(m);
    if (isAbsence(m)) {
      const hit = actual.findIndex((a) => satisfies(m, a));
      return hit < 0
        ? { expected: label, passed: true, reason: null, actual_index: null }
        : {
            expected: label,
            passed: false,
            reason: `${describeActual(actual[hit]!)} at #${hit + 1}`,
            actual_index: hit,
          };
    }
    const at = actual.findIndex((a, i) => i >= cursor && satisfies(m, a));
    if (at >= 0) {
      cursor = at;
      return { expected: label, passed: true, reason: null, actual_index: at };
    }
    const earlier = actual.findIndex((a, i) => i < cursor && satisfies(m, a));
    const reason =
      earlier >= 0
        ? `reached at #${earlier + 1}, before the milestone expected ahead of it (#${cursor + 1})`
        : notFound(m, actual);
    return { expected: label, passed: false, reason, actual_index: null };
  });
  const failedAt = milestones.findIndex((r) => !r.passed);
  const first = milestones[failedAt];
  return {
    passed: failedAt < 0,
    milestones,
    failed_at: failedAt < 0 ? null : failedAt,
    reason: first ? `${first.expected}: ${first.reason ?? 'failed'}` : null,
    expected: milestones.map((r) => r.expected),
    actual: actual.map(describeActual),
  };
}
