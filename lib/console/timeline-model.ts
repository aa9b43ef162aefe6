import type { ApiCall, ConsoleEvent, StoredEvent } from '@/lib/console/types';
import type {
  AttributeErrors,
  ContractIssue,
  CsatRating,
  CsatRequestedEvent,
  FinStatus,
  ReceivedFinEvent,
} from '@/lib/fin';
import { CSAT_RATINGS, FIN_STATUSES } from '@/lib/fin/values';

type Base = { key: string; seq: number; at: string; drift?: ContractIssue[] };

type CsatOptions = CsatRequestedEvent['csat']['options'];
type ReceivedCsatOptions = Extract<ReceivedFinEvent, { event_name: 'csat_requested' }>['csat']['options'];

/** The survey options the console can send back (a rating the contract lists); label and emoji may be missing. */
const csatOptions = (options: ReceivedCsatOptions): CsatOptions =>
  options.flatMap((o) => {
    if (!(CSAT_RATINGS as readonly string[]).includes(o.key)) return [];
    const key = o.key as CsatRating;
    return [{ key, emoji: o.emoji ?? '', label: o.label ?? key }];
  });

export type TimelineItem =
  | (Base & { kind: 'fin'; html: string; streamId: string | null })
  | (Base & { kind: 'fin-draft'; text: string; streamId: string; chunkIndex: number })
  | (Base & { kind: 'user'; body: string; author: string })
  | (Base & { kind: 'status'; status: string; reason: string | null })
  | (Base & { kind: 'hitl'; stepId: string; question: string; answeredBy: string | null })
  | (Base & { kind: 'escalation-requested'; context: string | null })
  | (Base & { kind: 'csat-requested'; options: CsatOptions })
  | (Base & { kind: 'csat-submitted'; rating: string; remark: string | null })
  | (Base & { kind: 'warnings'; errors: AttributeErrors })
  | (Base & { kind: 'other'; name: string | null; json: string });

export interface Timeline {
  items: TimelineItem[];
  csatOptions: CsatOptions | null;
  csatOffer: CsatOptions | null;
  csat: { rating: string; remark: string | null } | null;
  pendingHitl: { stepId: string; question: string }[];
}

/** Marks an event that strays from the contract; loaded apart, since its check needs zod. */
export type DriftCheck = (e: ReceivedFinEvent | ConsoleEvent) => ContractIssue[] | undefined;

/**
 * Stored events as timeline items, in seq order, duplicates once. A stream's chunks collapse
 * into one draft that its `fin_replied` replaces in place; later chunks are dropped.
 */
export function buildTimeline(
  events: readonly StoredEvent[],
  opening: OpeningMessage | null = null,
  driftOf: DriftCheck = () => undefined,
): Timeline {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const items: TimelineItem[] = [];
  const seenSeq = new Set<number>();
  const seenKey = new Set<string>();
  const draftIndex = new Map<string, number>();
  const finished = new Set<string>();
  const hitlIndex = new Map<string, number>();
  let csatOffer: Timeline['csatOffer'] = null;
  let csat: Timeline['csat'] = null;

  for (const stored of sorted) {
    if (seenSeq.has(stored.seq) || seenKey.has(stored.key)) continue;
    seenSeq.add(stored.seq);
    seenKey.add(stored.key);
    const e = stored.event;
    const drift = driftOf(e);
    const base = {
      key: stored.key,
      seq: stored.seq,
      at: e.created_at_ms ?? stored.received_at,
      ...(drift ? { drift } : {}),
    };

    switch (e.event_name) {
      case 'fin_reply_chunk': {
        if (finished.has(e.stream_id)) break;
        const at = draftIndex.get(e.stream_id);
        const draft = at === undefined ? undefined : items[at];
        if (draft?.kind === 'fin-draft') {
          if (e.chunk_index >= draft.chunkIndex)
            items[at!] = { ...draft, text: e.chunk_text, chunkIndex: e.chunk_index };
        } else {
          draftIndex.set(e.stream_id, items.length);
          items.push({
            ...base,
            kind: 'fin-draft',
            text: e.chunk_text,
            streamId: e.stream_id,
            chunkIndex: e.chunk_index,
          });
        }
        break;
      }
      case 'fin_replied': {
        const streamId = e.stream_id ?? null;
        const item: TimelineItem = { ...base, kind: 'fin', html: e.message.body, streamId };
        const at = streamId ? draftIndex.get(streamId) : undefined;
        if (streamId) finished.add(streamId);
        if (at !== undefined && items[at]?.kind === 'fin-draft') items[at] = { ...item, seq: items[at].seq };
        else items.push(item);
        break;
      }
      case 'fin_status_updated':
        items.push({ ...base, kind: 'status', status: e.status, reason: e.reason ?? null });
        break;
      case 'fin_other_event':
        items.push({ ...base, kind: 'other', name: e.name, json: JSON.stringify(e.data, null, 2) });
        break;
      case 'csat_requested': {
        const options = csatOptions(e.csat.options);
        csatOffer = options;
        items.push({ ...base, kind: 'csat-requested', options });
        break;
      }
      case 'console_user_message':
        items.push({ ...base, kind: 'user', body: e.body, author: e.author });
        break;
      case 'console_hitl_pending':
        if (hitlIndex.has(e.step_id)) break;
        hitlIndex.set(e.step_id, items.length);
        items.push({ ...base, kind: 'hitl', stepId: e.step_id, question: e.hitl_question, answeredBy: null });
        break;
      case 'console_hitl_answered': {
        const at = hitlIndex.get(e.step_id);
        const pending = at === undefined ? undefined : items[at];
        if (pending?.kind === 'hitl') items[at!] = { ...pending, answeredBy: e.answered_by };
        break;
      }
      case 'console_escalation_requested':
        items.push({ ...base, kind: 'escalation-requested', context: e.context });
        break;
      case 'console_csat_submitted':
        csat = { rating: e.rating, remark: e.remark };
        items.push({ ...base, kind: 'csat-submitted', rating: e.rating, remark: e.remark });
        break;
      case 'console_attribute_warnings':
        if (hasWarnings(e.errors)) items.push({ ...base, kind: 'warnings', errors: e.errors });
        break;
      default:
        // An event this console does not know yet: ignore rather than crash.
        break;
    }
  }

  if (opening && !items.some((i) => i.kind === 'user' && i.body === opening.body)) {
    items.unshift({
      key: 'opening-message',
      seq: 0,
      at: opening.at,
      kind: 'user',
      body: opening.body,
      author: opening.author,
    });
  }

  const pendingHitl = items.flatMap((i) =>
    i.kind === 'hitl' && !i.answeredBy ? [{ stepId: i.stepId, question: i.question }] : [],
  );
  return { items, csatOptions: csatOffer, csatOffer: csat ? null : csatOffer, csat, pendingHitl };
}

export function warningLines(errors: AttributeErrors | null | undefined): string[] {
  if (!errors) return [];
  const lines: string[] = [];
  for (const scope of ['user', 'conversation'] as const) {
    for (const [name, message] of Object.entries(errors[scope]?.attributes ?? {}))
      lines.push(`${scope} attribute ${name}: ${message}`);
  }
  return lines;
}

export const hasWarnings = (errors: AttributeErrors | null | undefined) => warningLines(errors).length > 0;

export interface OpeningMessage {
  body: string;
  author: string;
  at: string;
}

const OPENING_CALL = /\/fin\/(ask|start|procedures\/[^/]+\/run)$/;

/** The opening message, from the recorded call: the event log holds only what came after. */
export function openingMessage(calls: readonly ApiCall[] | undefined): OpeningMessage | null {
  const first = [...(calls ?? [])]
    .filter(
      (c) => OPENING_CALL.test(new URL(c.url, 'http://x').pathname) && c.status !== null && c.status < 300,
    )
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))[0];
  const message = (first?.request_body as { message?: { body?: unknown; author?: unknown } } | null)?.message;
  if (!first || typeof message?.body !== 'string' || !message.body) return null;
  return {
    body: message.body,
    author: typeof message.author === 'string' ? message.author : 'user',
    at: first.created_at,
  };
}

export function seenStatuses(events: readonly StoredEvent[], current: FinStatus): Set<FinStatus> {
  const seen = new Set<FinStatus>([current]);
  for (const { event: e } of events) {
    const status = e.event_name === 'fin_status_updated' || e.event_name === 'fin_replied' ? e.status : null;
    if (status && isFinStatus(status)) seen.add(status);
  }
  return seen;
}

const isFinStatus = (s: string): s is FinStatus => (FIN_STATUSES as readonly string[]).includes(s);
