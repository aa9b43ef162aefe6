import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Connection, OAuthStart } from '@/lib/console/connection';
import { apiFetch } from '@/lib/client/api';
import { retryUnlessClientError } from './retry';

export const fetchConnection = () => apiFetch<Connection>('/api/connection');

export const connectionKeys = { all: ['connection'] as const };

export const connectionQueries = {
  current: () =>
    queryOptions({ queryKey: connectionKeys.all, queryFn: fetchConnection, retry: retryUnlessClientError }),
};

export function useConnection() {
  return useQuery(connectionQueries.current());
}

export function useCheckConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<Connection>('/api/connection/check', { method: 'POST' }),
    onSuccess: (c) => qc.setQueryData(connectionKeys.all, c),
  });
}

export function useDisconnectOAuth() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<Connection>('/api/connection/oauth', { method: 'DELETE' }),
    onSuccess: (c) => qc.setQueryData(connectionKeys.all, c),
  });
}

export function useStartOAuth() {
  return useMutation({
    mutationFn: () => apiFetch<OAuthStart>('/api/connection/oauth/start', { method: 'POST' }),
  });
}
