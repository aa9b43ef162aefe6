import { queryOptions, skipToken, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { CapabilitiesResponse, Capability, FinUser } from '@/lib/fin';
import { retryUnlessClientError } from './retry';

export const fetchCapabilities = (user: FinUser) =>
  apiFetch<CapabilitiesResponse>('/api/fin/capabilities', { method: 'POST', json: { user } });

export const capabilityKeys = {
  all: ['capabilities'] as const,
  forUser: (user: FinUser) => [...capabilityKeys.all, user] as const,
};

export const capabilityQueries = {
  forUser: (user: FinUser | null) =>
    queryOptions({
      queryKey: user ? capabilityKeys.forUser(user) : [...capabilityKeys.all, null],
      queryFn: user ? () => fetchCapabilities(user) : skipToken,
      staleTime: 30_000,
      retry: retryUnlessClientError,
    }),
};

export function useCapabilities(user: FinUser | null) {
  return useQuery(capabilityQueries.forUser(user));
}

export type StaticCapabilityType = 'ask' | 'reply' | 'escalate';

export function splitCapabilities(capabilities: Capability[]) {
  const procedures = capabilities.filter((c) => c.type === 'procedure' && c.id);
  const actions = capabilities.filter(
    (c): c is Capability & { type: StaticCapabilityType } =>
      c.type === 'ask' || c.type === 'reply' || c.type === 'escalate',
  );
  return { procedures, actions };
}
