import type { TimelineItem } from './timeline-model';

/** One side's entries, as compared: what the reader sees, by what it means (ids and times set aside). */
export interface CompareEntry {
  item: TimelineItem;
  /** Equal signatures mean the same entry in both runs. */
  signature: string;
  /** The entry in a few words, for the divergence summary. */
  text: string;
}

export interface Divergence {
  /** Index in each side's `entries`; past the end when that side has nothing there. */
  index: number;
  left: CompareEntry | null;
  right: CompareEntry | null;
  summary: string;
}

export interface Comparison {
  left: CompareEntry[];
  right: CompareEntry[];
  /** Entries before the first divergence (all of the shorter side when none). */
  shared: number;
  divergence: Divergence | null;
}

const SNIPPET = 80;

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET - 1)}…` : flat;
}

/** Fin's HTML as plain text: enough to tell two messages apart and to quote one. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The entry as compared, or null for what differs by nature between two runs of the same thing
 * (a reply still streaming, raw unknown events, attribute warnings).
 */
function entryOf(item: TimelineItem, answerOf: (stepId: string) => string | null): CompareEntry | null {
  switch (item.kind) {
    case 'fin': {
      const text = plainText(item.html);
      return { item, signature: `fin:${text}`, text: `Fin said “${snippet(text)}”` };
    }
    case 'user':
      return { item, signature: `user:${item.body}`, text: `the user said “${snippet(item.body)}”` };
    case 'status':
      return { item, signature: `status:${item.status}`, text: `status ${item.status}` };
    case 'hitl': {
      const answer = answerOf(item.stepId);
      const question = snippet(item.question);
      return {
        item,
        signature: `hitl:${item.question}\u0000${answer ?? ''}`,
        text: answer ? `“${question}” answered ${answer}` : `HITL step “${question}”`,
      };
    }
    case 'escalation-requested':
      return { item, signature: 'escalation', text: 'escalation requested' };
    case 'csat-requested':
      return { item, signature: 'csat-requested', text: 'CSAT requested' };
    case 'csat-submitted':
      return { item, signature: `csat:${item.rating}`, text: `rated ${item.rating}` };
    default:
      return null;
  }
}

/**
 * Aligns two runs of the same procedure entry by entry and finds where they first differ. A side
 * still running that has matched so far is not a divergence yet: it may still catch up.
 */
export function compareTimelines(
  left: readonly TimelineItem[],
  right: readonly TimelineItem[],
  opts: {
    answerOf?: (stepId: string) => string | null;
    leftDone?: boolean;
    rightDone?: boolean;
  } = {},
): Comparison {
  const answerOf = opts.answerOf ?? (() => null);
  const l = left.flatMap((i) => entryOf(i, answerOf) ?? []);
  const r = right.flatMap((i) => entryOf(i, answerOf) ?? []);
  let shared = 0;
  while (shared < l.length && shared < r.length && l[shared]!.signature === r[shared]!.signature) shared++;
  const a = l[shared] ?? null;
  const b = r[shared] ?? null;
  const differs =
    (a !== null && b !== null) ||
    (a === null && b !== null && opts.leftDone !== false) ||
    (b === null && a !== null && opts.rightDone !== false);
  if (!differs) return { left: l, right: r, shared, divergence: null };
  const side = (e: CompareEntry | null) => e?.text ?? 'nothing more';
  return {
    left: l,
    right: r,
    shared,
    divergence: { index: shared, left: a, right: b, summary: `${side(a)} · ${side(b)}` },
  };
}
