import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HitlStep } from '@/lib/console/types';
import { hitlStep } from '@/testing/hitl-step';
import { applyStep, hitlKeys, hitlQueries } from './hitl';

const step = hitlStep;

function deferredFetch() {
  const answers: ((body: unknown) => void)[] = [];
  const fetchStub = vi.fn(
    () =>
      new Promise<Response>((resolve) =>
        answers.push((body) =>
          resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })),
        ),
      ),
  );
  vi.stubGlobal('fetch', fetchStub);
  return { fetchStub, answer: (body: unknown) => answers.shift()!(body) };
}

describe('HITL queries and the stream', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a claim the stream delivered while a refetch was in flight is not undone by the older answer', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    qc.setQueryData(hitlKeys.detail('s1'), step());
    qc.setQueryData(hitlKeys.list('pending'), [step()]);
    const { fetchStub, answer } = deferredFetch();
    const detail = qc.fetchQuery({ ...hitlQueries.detail('s1'), staleTime: 0 });
    const list = qc.fetchQuery({ ...hitlQueries.list('pending'), staleTime: 0 });
    await vi.waitFor(() => expect(fetchStub).toHaveBeenCalledTimes(2));
    // The server read the step before the claim; the claim then reached the page on the stream.
    applyStep(qc, step({ claimed_by: 'Dana Lead', claim_expires_at: '2026-01-01T00:05:00.000Z' }));
    answer(step());
    answer([step(), step({ step_id: 's2' })]);
    expect((await detail).claimed_by).toBe('Dana Lead');
    expect((await list).map((s) => [s.step_id, s.claimed_by])).toEqual([
      ['s1', 'Dana Lead'],
      ['s2', null],
    ]);
    expect(qc.getQueryData<HitlStep>(hitlKeys.detail('s1'))?.claimed_by).toBe('Dana Lead');
  });

  it('a fetch that left after the last stream write takes the server answer', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    applyStep(qc, step({ claimed_by: 'Dana Lead' }));
    const { fetchStub, answer } = deferredFetch();
    const detail = qc.fetchQuery({ ...hitlQueries.detail('s1'), staleTime: 0 });
    await vi.waitFor(() => expect(fetchStub).toHaveBeenCalledOnce());
    answer(step({ claimed_by: null }));
    expect((await detail).claimed_by).toBeNull();
  });
});
