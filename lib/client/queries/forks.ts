import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import { forksPath, type ForkBody, type ForkList, type ForkStarted } from '@/lib/console/forks';
import { retryUnlessClientError } from './retry';

/** While a fork replays, its list entry (status, reason) is read again this often. */
const RUNNING_POLL_MS = 1_000;

const fetchForks = (conversationId: string) => apiFetch<ForkList>(forksPath(conversationId));

const forkKeys = {
  list: (conversationId: string) => ['forks', conversationId] as const,
};

export const forkQueries = {
  list: (conversationId: string) =>
    queryOptions({
      queryKey: forkKeys.list(conversationId),
      queryFn: () => fetchForks(conversationId),
      retry: retryUnlessClientError,
      refetchInterval: (q) =>
        q.state.data?.forks.some((f) => f.status === 'running') ? RUNNING_POLL_MS : false,
    }),
};

export const useForks = (conversationId: string) => useQuery(forkQueries.list(conversationId));

/** Starts a fork; its answer is the fork's conversation id, for the compare page. */
export function useStartFork(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ForkBody) =>
      apiFetch<ForkStarted>(forksPath(conversationId), { method: 'POST', json: body }),
    onSettled: () => qc.invalidateQueries({ queryKey: forkKeys.list(conversationId) }),
  });
}
