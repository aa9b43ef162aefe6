import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import { SCENARIO_PATHS } from '@/lib/console/scenario-paths';
import type {
  RunStarted,
  SaveScenarioBody,
  ScenarioRun,
  ScenarioSaved,
  ScenarioSuite,
  ScenarioSuiteList,
  SuiteRuns,
} from '@/lib/console/scenarios';
import { retryUnlessClientError } from './retry';

/** While a run is in progress its results are read again this often. */
const RUNNING_POLL_MS = 1_000;

export const fetchSuites = () => apiFetch<ScenarioSuiteList>(SCENARIO_PATHS.suites);
export const fetchSuite = (id: string) => apiFetch<ScenarioSuite>(SCENARIO_PATHS.suite(id));
export const fetchSuiteRuns = (id: string) =>
  apiFetch<SuiteRuns>(SCENARIO_PATHS.suiteRuns(id)).then((r) => r.runs);
export const fetchRun = (id: string) => apiFetch<ScenarioRun>(SCENARIO_PATHS.run(id));

export const scenarioKeys = {
  all: ['scenarios'] as const,
  suites: () => [...scenarioKeys.all, 'suites'] as const,
  suite: (id: string) => [...scenarioKeys.suites(), id] as const,
  suiteRuns: (id: string) => [...scenarioKeys.suite(id), 'runs'] as const,
  run: (id: string) => [...scenarioKeys.all, 'runs', id] as const,
};

const pollWhileRunning = (status: string | undefined) => (status === 'running' ? RUNNING_POLL_MS : false);

export const scenarioQueries = {
  suites: () =>
    queryOptions({
      queryKey: scenarioKeys.suites(),
      queryFn: fetchSuites,
      retry: retryUnlessClientError,
      refetchInterval: (q) =>
        q.state.data?.suites.some((s) => s.last_run?.status === 'running') ? RUNNING_POLL_MS : false,
    }),
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
      refetchInterval: (q) => pollWhileRunning(q.state.data?.[0]?.status),
    }),
  run: (id: string) =>
    queryOptions({
      queryKey: scenarioKeys.run(id),
      queryFn: () => fetchRun(id),
      retry: retryUnlessClientError,
      refetchInterval: (q) => pollWhileRunning(q.state.data?.status),
    }),
};

export const useSuites = () => useQuery(scenarioQueries.suites());
export const useSuite = (id: string) => useQuery(scenarioQueries.suite(id));
export const useSuiteRuns = (id: string) => useQuery(scenarioQueries.suiteRuns(id));
export const useScenarioRun = (id: string) => useQuery(scenarioQueries.run(id));

/** Creates a suite (no id) or replaces one's text; a bad text's ApiError has one entry per line. */
export function useSaveSuite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: string }) =>
      apiFetch<ScenarioSuite>(id ? SCENARIO_PATHS.suite(id) : SCENARIO_PATHS.suites, {
        method: id ? 'PUT' : 'POST',
        json: { body },
      }),
    onSuccess: (suite) => qc.setQueryData(scenarioKeys.suite(suite.id), suite),
    onSettled: () => qc.invalidateQueries({ queryKey: scenarioKeys.suites() }),
  });
}

export function useDeleteSuite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(SCENARIO_PATHS.suite(id), { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: scenarioKeys.suites() }),
  });
}

/** Starts a run of a suite, or of one of its scenarios by name. */
export function useStartRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ suiteId, scenario }: { suiteId: string; scenario?: string }) =>
      apiFetch<RunStarted>(SCENARIO_PATHS.suiteRuns(suiteId), {
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
      apiFetch<ScenarioSaved>(SCENARIO_PATHS.saveConversation(conversationId), {
        method: 'POST',
        json: body,
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: scenarioKeys.suites() }),
  });
}
