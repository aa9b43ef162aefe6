// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forkQueries, useForks, useStartFork } from './forks';

function wrapper() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const Wrapper = ({ children }: { children: ReactNode }) =>
    createElement(QueryClientProvider, { client: qc }, children);
  return { qc, wrapper: Wrapper };
}

describe('fork queries', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('polls the list only while a fork replays', () => {
    const interval = forkQueries.list('c1').refetchInterval as (q: {
      state: { data: { forks: { status: string }[] } | undefined };
    }) => number | false;
    expect(interval({ state: { data: { forks: [{ status: 'running' }, { status: 'finished' }] } } })).toBe(
      1000,
    );
    expect(interval({ state: { data: { forks: [{ status: 'finished' }] } } })).toBe(false);
    expect(interval({ state: { data: undefined } })).toBe(false);
  });

  it('starts a fork and reads the list again', async () => {
    const calls: [string, string][] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init?: RequestInit) => {
        calls.push([init?.method ?? 'GET', url]);
        const body =
          init?.method === 'POST' ? { conversation_id: 'scn-fork-1' } : { forks: [], available: true };
        return Promise.resolve(
          new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
        );
      }),
    );
    const { wrapper: Wrapper } = wrapper();
    const list = renderHook(() => useForks('run 1'), { wrapper: Wrapper });
    await waitFor(() => expect(list.result.current.data).toEqual({ forks: [], available: true }));
    const start = renderHook(() => useStartFork('run 1'), { wrapper: Wrapper });
    let started: unknown;
    await act(async () => {
      started = await start.result.current.mutateAsync({ step_id: 's1', values: [] });
    });
    expect(started).toEqual({ conversation_id: 'scn-fork-1' });
    expect(calls[1]).toEqual(['POST', '/api/conversations/run%201/forks']);
  });
});
