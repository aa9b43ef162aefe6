import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { ApiTokenView, CreateTokenBody } from '@/lib/console/auth';
import { retryUnlessClientError } from './retry';

export type ApiToken = ApiTokenView;

export const fetchTokens = () => apiFetch<{ tokens: ApiToken[] }>('/api/tokens').then((r) => r.tokens);

export const tokenKeys = { all: ['tokens'] as const, list: () => [...tokenKeys.all, 'list'] as const };

export const tokenQueries = {
  list: () =>
    queryOptions({ queryKey: tokenKeys.list(), queryFn: fetchTokens, retry: retryUnlessClientError }),
};

export function useTokens() {
  return useQuery(tokenQueries.list());
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenBody) =>
      apiFetch<{ token: ApiToken; secret: string }>('/api/tokens', { method: 'POST', json: body }),
    onSettled: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ token: ApiToken }>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }).then(
        (r) => r.token,
      ),
    onSuccess: (token) =>
      qc.setQueryData<ApiToken[]>(tokenKeys.list(), (list) =>
        list?.map((t) => (t.id === token.id ? token : t)),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
