// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  scenarioKeys,
  scenarioQueries,
  useDeleteSuite,
  useSaveAsScenario,
  useSaveSuite,
  useScenarioRun,
  useStartRun,
  useSuite,
  useSuiteRuns,
  useSuites,
} from './scenarios';

function stubFetch(answer: (url: string, init?: RequestInit) => unknown) {
  const fetchStub = vi.fn((url: string, init?: RequestInit) =>
    Promise.resolve(
      new Response(JSON.stringify(answer(url, init)), { headers: { 'content-type': 'application/json' } }),
    ),
  );
  vi.stubGlobal('fetch', fetchStub);
  return fetchStub;
}

function wrapper() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const Wrapper = ({ children }: { children: ReactNode }) =>
    createElement(QueryClientProvider, { client: qc }, children);
  return { qc, wrapper: Wrapper };
}

describe('scenario queries', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('polls a run only while it is running', () => {
    const interval = scenarioQueries.run('r1').refetchInterval as (q: {
      state: { data?: { status: string } };
    }) => unknown;
    expect(interval({ state: { data: { status: 'running' } } })).toBe(1000);
    expect(interval({ state: { data: { status: 'passed' } } })).toBe(false);
  });

  it('reads suites, a suite, its runs and a run from their paths', async () => {
    const fetchStub = stubFetch((url) =>
      url.endsWith('/runs') ? { runs: [] } : { suites: [], status: 'passed' },
    );
    const { wrapper: w } = wrapper();
    const hooks = [
      renderHook(() => useSuites(), { wrapper: w }),
      renderHook(() => useSuite('s 1'), { wrapper: w }),
      renderHook(() => useSuiteRuns('s 1'), { wrapper: w }),
      renderHook(() => useScenarioRun('r1'), { wrapper: w }),
    ];
    for (const h of hooks) await waitFor(() => expect(h.result.current.isSuccess).toBe(true));
    expect(fetchStub.mock.calls.map((c) => c[0]).sort()).toEqual([
      '/api/scenarios/runs/r1',
      '/api/scenarios/suites',
      '/api/scenarios/suites/s%201',
      '/api/scenarios/suites/s%201/runs',
    ]);
  });

  it('writes through POST, PUT and DELETE and refreshes the suites', async () => {
    const fetchStub = stubFetch(() => ({ id: 's1' }));
    const { qc, wrapper: w } = wrapper();
    const invalidate = vi.spyOn(qc, 'invalidateQueries');
    const save = renderHook(() => useSaveSuite(), { wrapper: w });
    const remove = renderHook(() => useDeleteSuite(), { wrapper: w });
    const start = renderHook(() => useStartRun(), { wrapper: w });
    const keep = renderHook(() => useSaveAsScenario('c1'), { wrapper: w });
    await act(async () => {
      await save.result.current.mutateAsync({ body: 'name: x' });
      await save.result.current.mutateAsync({ id: 's1', body: 'name: y' });
      await remove.result.current.mutateAsync('s1');
      await start.result.current.mutateAsync({ suiteId: 's1' });
      await keep.result.current.mutateAsync({ new_suite: 'Saved' });
    });
    expect(fetchStub.mock.calls.map(([url, init]) => `${init?.method} ${url}`)).toEqual([
      'POST /api/scenarios/suites',
      'PUT /api/scenarios/suites/s1',
      'DELETE /api/scenarios/suites/s1',
      'POST /api/scenarios/suites/s1/runs',
      'POST /api/conversations/c1/scenario',
    ]);
    expect(invalidate).toHaveBeenCalledTimes(5);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: scenarioKeys.suites() });
  });
});
