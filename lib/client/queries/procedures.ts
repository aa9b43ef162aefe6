import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { AudienceAnswer, AudienceRequest, ProcedureList, StoredProcedure } from '@/lib/procedures/api';
import type { ProcedureInput } from '@/lib/procedures/schema';
import { capabilityKeys } from './capabilities';
import { retryUnlessClientError } from './retry';

const path = (id: string) => `/api/procedures/${encodeURIComponent(id)}`;

export const fetchProcedures = () => apiFetch<ProcedureList>('/api/procedures');

export const fetchProcedure = (id: string) =>
  apiFetch<{ procedure: StoredProcedure }>(path(id)).then((r) => r.procedure);

export const fetchAudience = (body: AudienceRequest) =>
  apiFetch<AudienceAnswer>('/api/procedures/audience', { method: 'POST', json: body }).then(
    (r) => r.procedures,
  );

export const procedureKeys = {
  all: ['procedures'] as const,
  detail: (id: string) => [...procedureKeys.all, id] as const,
  audience: (body: AudienceRequest) => [...procedureKeys.all, 'audience', body] as const,
};

export const procedureQueries = {
  list: () =>
    queryOptions({ queryKey: procedureKeys.all, queryFn: fetchProcedures, retry: retryUnlessClientError }),
  detail: (id: string) =>
    queryOptions({
      queryKey: procedureKeys.detail(id),
      queryFn: () => fetchProcedure(id),
      retry: retryUnlessClientError,
    }),
  audience: (body: AudienceRequest) =>
    queryOptions({
      queryKey: procedureKeys.audience(body),
      queryFn: () => fetchAudience(body),
      retry: retryUnlessClientError,
    }),
};

export const useProcedures = () => useQuery(procedureQueries.list());
export const useProcedure = (id: string) => useQuery(procedureQueries.detail(id));
export const useAudience = (body: AudienceRequest) => useQuery(procedureQueries.audience(body));

/** Saving changes the catalogue too: what a user may run depends on the definitions. */
function useInvalidateProcedures() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: procedureKeys.all }),
      qc.invalidateQueries({ queryKey: capabilityKeys.all }),
    ]);
}

export function useCreateProcedure() {
  const invalidate = useInvalidateProcedures();
  return useMutation({
    mutationFn: (def: ProcedureInput) =>
      apiFetch<{ procedure: StoredProcedure }>('/api/procedures', { method: 'POST', json: def }).then(
        (r) => r.procedure,
      ),
    onSettled: invalidate,
  });
}

export function useUpdateProcedure() {
  const invalidate = useInvalidateProcedures();
  return useMutation({
    mutationFn: ({ id, def }: { id: string; def: ProcedureInput }) =>
      apiFetch<{ procedure: StoredProcedure }>(path(id), { method: 'PUT', json: def }).then(
        (r) => r.procedure,
      ),
    onSettled: invalidate,
  });
}

export function useDeleteProcedure() {
  const invalidate = useInvalidateProcedures();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ procedure: StoredProcedure | null }>(path(id), { method: 'DELETE' }).then(
        (r) => r.procedure,
      ),
    onSettled: invalidate,
  });
}
