import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type {
  Conversation,
  ConversationDetail,
  LiveEvent,
  StoredAck,
  StoredEvent,
} from '@/lib/console/types';
import type { FinStatus } from '@/lib/fin';
import { retryUnlessClientError } from './retry';

export interface ConversationFilters {
  status?: FinStatus | undefined;
  procedure_id?: string | undefined;
  q?: string | undefined;
}

export function cleanFilters(f: ConversationFilters): ConversationFilters {
  const out: ConversationFilters = {};
  if (f.status) out.status = f.status;
  if (f.procedure_id) out.procedure_id = f.procedure_id;
  const q = f.q?.trim();
  if (q) out.q = q;
  return out;
}

export function fetchConversations(filters: ConversationFilters = {}) {
  const params = new URLSearchParams(cleanFilters(filters) as Record<string, string>);
  const qs = params.toString();
  return apiFetch<Conversation[]>(`/api/conversations${qs ? `?${qs}` : ''}`);
}

export const fetchConversation = (id: string) =>
  apiFetch<ConversationDetail>(`/api/conversations/${encodeURIComponent(id)}`);

export const conversationKeys = {
  all: ['conversations'] as const,
  lists: () => [...conversationKeys.all, 'list'] as const,
  list: (filters: ConversationFilters) => [...conversationKeys.lists(), cleanFilters(filters)] as const,
  detail: (id: string) => [...conversationKeys.all, id] as const,
};

/** Stored seqs stay below 2^31, so live copies (`fin_live`) sort after them, in arrival order. */
export const PROVISIONAL_SEQ = 2 ** 31;
const isProvisional = (e: StoredEvent) => e.seq >= PROVISIONAL_SEQ;
let nextProvisional = PROVISIONAL_SEQ;

export function addLiveEvent(current: readonly StoredEvent[], live: LiveEvent): StoredEvent[] {
  if (current.some((e) => e.key === live.key)) return current as StoredEvent[];
  return [...current, { ...live, seq: nextProvisional++ }];
}

/** The live copy of an acknowledged event becomes its stored one; null when this cache never held it. */
export function acknowledge(current: readonly StoredEvent[], ack: StoredAck): StoredEvent[] | null {
  const live = current.find((e) => e.key === ack.key);
  if (!live) return null;
  if (!isProvisional(live)) return current as StoredEvent[];
  return mergeEvents(current, [{ ...live, seq: ack.seq, received_at: ack.received_at }]);
}

/** Same array back when nothing is new, so React skips the work; a live copy gives way to its stored one. */
export function mergeEvents(
  current: readonly StoredEvent[],
  incoming: readonly StoredEvent[],
): StoredEvent[] {
  const held = new Set(current.map((e) => e.seq));
  const fresh: StoredEvent[] = [];
  for (const e of incoming) {
    if (held.has(e.seq)) continue;
    held.add(e.seq);
    fresh.push(e);
  }
  if (fresh.length === 0) return current as StoredEvent[];
  let all = [...current, ...fresh];
  if (all.some(isProvisional)) {
    const stored = new Set(all.filter((e) => !isProvisional(e)).map((e) => e.key));
    all = all.filter((e) => !isProvisional(e) || !stored.has(e.key));
  }
  return all.sort((a, b) => a.seq - b.seq);
}

export const lastSeq = (events: readonly StoredEvent[]) =>
  events.reduce((max, e) => (isProvisional(e) ? max : Math.max(max, e.seq)), 0);

export function newerConversation(a: Conversation | undefined, b: Conversation): Conversation {
  if (!a) return b;
  return Date.parse(b.updated_at) >= Date.parse(a.updated_at) ? b : a;
}

export function mergeDetail(
  cached: ConversationDetail | undefined,
  fetched: ConversationDetail,
): ConversationDetail {
  if (!cached) return fetched;
  return {
    conversation: newerConversation(cached.conversation, fetched.conversation),
    events: mergeEvents(fetched.events, cached.events),
  };
}

export const conversationQueries = {
  list: (filters: ConversationFilters) =>
    queryOptions({
      queryKey: conversationKeys.list(filters),
      queryFn: () => fetchConversations(filters),
      staleTime: 2_000,
      refetchInterval: 4_000,
      placeholderData: keepPreviousData,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: conversationKeys.detail(id),
      // The cache is read once the answer is in, not when the request leaves: events the stream
      // wrote meanwhile would otherwise be replaced by the older answer, and never come again.
      queryFn: async ({ client, queryKey }) => {
        const fetched = await fetchConversation(id);
        return mergeDetail(client.getQueryData<ConversationDetail>(queryKey), fetched);
      },
      staleTime: 5_000,
      retry: retryUnlessClientError,
    }),
};

export function useConversations(filters: ConversationFilters) {
  return useQuery(conversationQueries.list(filters));
}

export function useConversation(id: string) {
  return useQuery(conversationQueries.detail(id));
}
