import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { ApiCall } from '@/lib/console/types';

export const fetchCalls = (conversationId?: string) =>
  apiFetch<ApiCall[]>(
    conversationId ? `/api/calls?conversation_id=${encodeURIComponent(conversationId)}` : '/api/calls',
  );

export const callKeys = {
  all: ['calls'] as const,
  list: (conversationId: string | null) => [...callKeys.all, { conversation_id: conversationId }] as const,
};

export const callQueries = {
  list: (conversationId: string | null) =>
    queryOptions({
      queryKey: callKeys.list(conversationId),
      queryFn: () => fetchCalls(conversationId ?? undefined),
      staleTime: 2_000,
    }),
};

export function useCalls(conversationId: string | null, opts: { refetchInterval?: number | false } = {}) {
  return useQuery({ ...callQueries.list(conversationId), refetchInterval: opts.refetchInterval ?? false });
}
