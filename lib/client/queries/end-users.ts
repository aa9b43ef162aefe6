import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { FinUser } from '@/lib/fin';
import { retryUnlessClientError } from './retry';

export const fetchSeededEndUsers = () => apiFetch<FinUser[]>('/api/end-users/seeded');

export const endUserKeys = {
  all: ['end-users'] as const,
  seeded: () => [...endUserKeys.all, 'seeded'] as const,
};

export const endUserQueries = {
  // The seed changes only when the simulator is redeployed.
  seeded: () =>
    queryOptions({
      queryKey: endUserKeys.seeded(),
      queryFn: fetchSeededEndUsers,
      staleTime: 5 * 60_000,
      retry: retryUnlessClientError,
    }),
};

export function useSeededEndUsers() {
  return useQuery(endUserQueries.seeded());
}
