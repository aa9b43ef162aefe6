import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';

/** The wiring is sent to signed-in callers only; the pages that read it are behind sign-in. */
export interface Health {
  ok: boolean;
  /** Which Fin API the console talks to: `simulator`, `intercom-<region>` or `custom`. */
  fin_api?: string;
  base_url?: string;
  /** The store behind the console: `pglite` or `postgres`. */
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
