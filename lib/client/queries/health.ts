import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';

/** The wiring is sent to signed-in callers only; the pages that read it are behind sign-in. */
export interface Health {
  ok: boolean;
  fin_api?: string;
  base_url?: string;
  store?: string;
  [key: string]: unknown;
}

export const fetchHealth = () => apiFetch<Health>('/api/health');

export const healthKeys = { all: ['health'] as const };

export const healthQueries = {
  current: () => queryOptions({ queryKey: healthKeys.all, queryFn: fetchHealth, staleTime: 60_000 }),
};

export function useHealth() {
  return useQuery(healthQueries.current());
}
