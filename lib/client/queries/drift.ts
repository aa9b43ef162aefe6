import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { DriftItem } from '@/lib/console/types';

export const fetchDrift = () => apiFetch<{ items: DriftItem[] }>('/api/drift');

export const driftKeys = { all: ['drift'] as const };

export const driftQueries = {
  list: () => queryOptions({ queryKey: driftKeys.all, queryFn: fetchDrift, staleTime: 10_000 }),
};

export function useDrift() {
  return useQuery(driftQueries.list());
}
