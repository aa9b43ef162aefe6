import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { HitlLinkBody, HitlLinkView, HitlStep, HitlSubmitBody } from '@/lib/console/types';
import { isHitlStep } from '../shapes';
import { retryUnlessClientError } from './retry';

export type HitlListStatus = 'pending' | 'answered';

export const fetchHitlSteps = (status: HitlListStatus) =>
  apiFetch<HitlStep[]>(`/api/hitl-steps?status=${status}`);

export const fetchHitlStep = (stepId: string) =>
  apiFetch<HitlStep>(`/api/hitl-steps/${encodeURIComponent(stepId)}`);

export const fetchHitlLink = (stepId: string) =>
  apiFetch<HitlLinkView>(`/api/hitl-steps/${encodeURIComponent(stepId)}/link`);

export const hitlKeys = {
  all: ['hitl-steps'] as const,
  lists: () => [...hitlKeys.all, 'list'] as const,
  list: (status: HitlListStatus) => [...hitlKeys.lists(), status] as const,
  details: () => [...hitlKeys.all, 'detail'] as const,
  detail: (stepId: string) => [...hitlKeys.details(), stepId] as const,
  link: (stepId: string) => [...hitlKeys.detail(stepId), 'link'] as const,
};

export { isHitlStep };

/** Copies can arrive out of order (a late stream message, a fetch that left before a change): the
 * higher version is the newer. Submitting → pending is a newer version too: nothing reached Fin. */
export function newerStep(current: HitlStep | undefined, incoming: HitlStep): HitlStep {
  return current && current.version > incoming.version ? current : incoming;
}

export function listOf(step: HitlStep): HitlListStatus | null {
  if (step.status === 'pending' || step.status === 'submitting' || step.status === 'refused')
    return 'pending';
  if (step.status === 'submitted') return 'answered';
  return null;
}

export function placeInList(list: readonly HitlStep[], step: HitlStep, status: HitlListStatus): HitlStep[] {
  const index = list.findIndex((s) => s.step_id === step.step_id);
  const belongs = listOf(step) === status;
  if (index === -1)
    return belongs ? (status === 'answered' ? [step, ...list] : [...list, step]) : (list as HitlStep[]);
  if (!belongs) return list.filter((s) => s.step_id !== step.step_id);
  const next = [...list];
  next[index] = step;
  return next;
}

/** Lists not loaded yet are left alone. Returns whether the step was new to the pending list. */
export function applyStep(qc: QueryClient, incoming: HitlStep): { arrived: boolean } {
  writtenAt(qc).set(incoming.step_id, performance.now());
  const previous = qc.getQueryData<HitlStep>(hitlKeys.detail(incoming.step_id));
  const step = newerStep(previous, incoming);
  qc.setQueryData<HitlStep>(hitlKeys.detail(step.step_id), step);
  let arrived = false;
  for (const status of ['pending', 'answered'] as const) {
    qc.setQueryData<HitlStep[]>(hitlKeys.list(status), (list) => {
      if (!list) return list;
      const held = list.find((s) => s.step_id === step.step_id);
      const chosen = newerStep(held, step);
      // A refused step is listed but is nothing to answer: no arrival notification.
      if (status === 'pending' && !held && listOf(chosen) === 'pending' && chosen.status !== 'refused')
        arrived = true;
      return placeInList(list, chosen, status);
    });
  }
  return { arrived };
}

// A list fetched while a step was written from the stream or a mutation may not hold that write:
// the written copy goes in unless the list's own is newer.
const written = new WeakMap<QueryClient, Map<string, number>>();
function writtenAt(qc: QueryClient): Map<string, number> {
  let m = written.get(qc);
  if (!m) written.set(qc, (m = new Map<string, number>()));
  return m;
}

export const hitlQueries = {
  list: (status: HitlListStatus) =>
    queryOptions({
      queryKey: hitlKeys.list(status),
      queryFn: async ({ client }) => {
        const sent = performance.now();
        let list = await fetchHitlSteps(status);
        for (const [stepId, at] of writtenAt(client)) {
          if (at <= sent) continue;
          const step = client.getQueryData<HitlStep>(hitlKeys.detail(stepId));
          const listed = list.find((s) => s.step_id === stepId);
          if (step) list = placeInList(list, newerStep(listed, step), status);
        }
        return list;
      },
      staleTime: 30_000,
      retry: retryUnlessClientError,
    }),
  detail: (stepId: string) =>
    queryOptions({
      queryKey: hitlKeys.detail(stepId),
      // Compared with the cache as it is when the answer arrives (the stream may have moved on).
      queryFn: async ({ client, queryKey }) => {
        const fetched = await fetchHitlStep(stepId);
        return newerStep(client.getQueryData<HitlStep>(queryKey), fetched);
      },
      staleTime: 10_000,
      retry: retryUnlessClientError,
    }),
};

export function useHitlSteps(status: HitlListStatus, opts: { poll?: boolean } = {}) {
  return useQuery({ ...hitlQueries.list(status), refetchInterval: opts.poll ? 10_000 : false });
}

export function useHitlStep(stepId: string, opts: { poll?: boolean } = {}) {
  return useQuery({ ...hitlQueries.detail(stepId), refetchInterval: opts.poll ? 10_000 : false });
}

export function useHitlLink(stepId: string, enabled: boolean) {
  return useQuery({
    queryKey: hitlKeys.link(stepId),
    queryFn: () => fetchHitlLink(stepId),
    enabled,
    staleTime: 5_000,
    retry: retryUnlessClientError,
  });
}

function settle(qc: QueryClient, stepId: string, data: unknown) {
  if (isHitlStep(data)) applyStep(qc, data);
  else void qc.invalidateQueries({ queryKey: hitlKeys.detail(stepId) });
}

export function useClaimStep() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId }: { stepId: string }) =>
      apiFetch<unknown>(`/api/hitl-steps/${encodeURIComponent(stepId)}/claim`, { method: 'POST', json: {} }),
    onSuccess: (data, { stepId }) => settle(qc, stepId, data),
    onError: (_e, { stepId }) => void qc.invalidateQueries({ queryKey: hitlKeys.detail(stepId) }),
  });
}

export function useReleaseStep() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId }: { stepId: string }) =>
      apiFetch<unknown>(`/api/hitl-steps/${encodeURIComponent(stepId)}/claim`, { method: 'DELETE' }),
    onSuccess: (data, { stepId }) => settle(qc, stepId, data),
    onError: (_e, { stepId }) => void qc.invalidateQueries({ queryKey: hitlKeys.detail(stepId) }),
  });
}

/** The server claims the step atomically; after a refusal it is refetched to learn who answered. */
export function useSubmitStep() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, body }: { stepId: string; body: HitlSubmitBody }) =>
      apiFetch<unknown>(`/api/hitl-steps/${encodeURIComponent(stepId)}/submit`, {
        method: 'POST',
        json: body,
      }),
    onSuccess: (data, { stepId }) => settle(qc, stepId, data),
    onError: (_e, { stepId }) => {
      void qc.invalidateQueries({ queryKey: hitlKeys.detail(stepId) });
      void qc.invalidateQueries({ queryKey: hitlKeys.lists() });
    },
  });
}

export function useSetStepLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, body }: { stepId: string; body: HitlLinkBody }) =>
      apiFetch<unknown>(`/api/hitl-steps/${encodeURIComponent(stepId)}/link`, { method: 'PUT', json: body }),
    onSuccess: (data, { stepId }) => settle(qc, stepId, data),
    onSettled: (_d, _e, { stepId }) => void qc.invalidateQueries({ queryKey: hitlKeys.link(stepId) }),
  });
}
