import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type {
  RunStarted,
  SaveScenarioBody,
  ScenarioRun,
  ScenarioRunSummary,
  ScenarioSaved,
  ScenarioSuite,
  ScenarioSuiteList,
} from '@/lib/console/scenarios';
import { retryUnlessClientError } from './retry';

// Paths written out rather than imported from lib/console/scenarios, whose zod and yaml would join the first load.
const base = '/api/scenarios';
const enc = encodeURIComponent;

export const fetchSuites = () => apiFetch<ScenarioSuiteList>(`${base}/suites`);
export const fetchSuite = (id: string) => apiFetch<ScenarioSuite>(`${base}/suites/${enc(id)}`);
export const fetchSuiteRuns = (id: string) =>
  apiFetch<{ runs: ScenarioRunSummary[] }>(`${base}/suites/${enc(id)}/runs`).then((r) => r.runs);
export const fetchRun = (id: string) => apiFetch<ScenarioRun>(`${base}/runs/${enc(id)}`);

export const scenarioKeys = {
  all: ['scenarios'] as const,
  suites: () => [...scenarioKeys.all, 'suites'] as const,
  suite: (id: string) => [...scenarioKeys.suites(), id] as const,
  suiteRuns: (id: string) => [...scenarioKeys.suite(id), 'runs'] as const,
  run: (id: string) => [...scenarioKeys.all, 'runs', id] as const,
};

/** A run is followed this often until it has finished. */
export const RUN_POLL_MS = 1000;

export const scenarioQueries = {
  suites: () =>
    queryOptions({ queryKey: scenarioKeys.suites(), queryFn: fetchSuites, retry: retryUnlessClientError }),
  suite: (id: string) =>
    queryOptions({
      queryKey: scenarioKeys.suite(id),
      queryFn: () => fetchSuite(id),
      retry: retryUnlessClientError,
    }),
  suiteRuns: (id: string) =>
    queryOptions({
      queryKey: scenarioKeys.suiteRuns(id),
      queryFn: () => fetchSuiteRuns(id),
      retry: retryUnlessClientError,
    }),
  run: (id: string) =>
    queryOptions({
      queryKey: scenarioKeys.run(id),
      queryFn: () => fetchRun(id),
      retry: retryUnlessClientError,
      refetchInterval: (q) => (q.state.data?.status === 'running' ? RUN_POLL_MS : false),
    }),
};

export function useScenarioSuites() {
  return useQuery(scenarioQueries.suites());
}

export function useScenarioSuite(id: string) {
  return useQuery(scenarioQueries.suite(id));
}

export function useSuiteRuns(id: string) {
  return useQuery(scenarioQueries.suiteRuns(id));
}

export function useScenarioRun(id: string | null) {
  return useQuery({ ...scenarioQueries.run(id ?? ''), enabled: id !== null });
}

export function useSaveSuite(id: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      apiFetch<ScenarioSuite>(id ? `${base}/suites/${enc(id)}` : `${base}/suites`, {
        method: id ? 'PUT' : 'POST',
        json: { body },
      }),
    onSuccess: (suite) => qc.setQueryData(scenarioKeys.suite(suite.id), suite),
    onSettled: () => qc.invalidateQueries({ queryKey: scenarioKeys.suites(), exact: true }),
  });
}

export function useDeleteSuite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<unknown>(`${base}/suites/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: (_, id) => qc.removeQueries({ queryKey: scenarioKeys.suite(id) }),
    onSettled: () => qc.invalidateQueries({ queryKey: scenarioKeys.suites(), exact: true }),
  });
}

/** Starts a run of the suite, or of one scenario of it by name. */
export function useStartRun(suiteId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (scenario?: string) =>
      apiFetch<RunStarted>(`${base}/suites/${enc(suiteId)}/runs`, {
        method: 'POST',
        json: scenario ? { scenario } : {},
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: scenarioKeys.suites() }),
  });
}

export function useSaveAsScenario(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveScenarioBody) =>
      apiFetch<ScenarioSaved>(`/api/conversations/${enc(conversationId)}/scenario`, {
        method: 'POST',
        json: body,
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: scenarioKeys.suites() }),
  });
}
