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
    applyStep(
      qc,
      step({ claimed_by: 'Dana Lead', claim_expires_at: '2026-01-01T00:05:00.000Z', version: 2 }),
    );
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
    applyStep(qc, step({ claimed_by: 'Dana Lead', version: 2 }));
    const { fetchStub, answer } = deferredFetch();
    const detail = qc.fetchQuery({ ...hitlQueries.detail('s1'), staleTime: 0 });
    await vi.waitFor(() => expect(fetchStub).toHaveBeenCalledOnce());
    answer(step({ claimed_by: null, version: 3 }));
    expect((await detail).claimed_by).toBeNull();
  });

  it('a copy older than the one shown is ignored, whichever way it came', () => {
    const qc = new QueryClient();
    qc.setQueryData(hitlKeys.list('pending'), []);
    qc.setQueryData(hitlKeys.list('answered'), []);
    // The claim's message overtook the webhook's 'created', which carries the row from before it.
    applyStep(qc, step({ claimed_by: 'Dana Lead', version: 2 }));
    applyStep(qc, step({ version: 1 }));
    expect(qc.getQueryData<HitlStep>(hitlKeys.detail('s1'))?.claimed_by).toBe('Dana Lead');
    expect(qc.getQueryData<HitlStep[]>(hitlKeys.list('pending'))?.map((s) => s.claimed_by)).toEqual([
      'Dana Lead',
    ]);

    // An answered step is not revived by a late pending copy, and moved lists once.
    applyStep(qc, step({ status: 'submitted', answered_by: 'Dana Lead', version: 4 }));
    applyStep(qc, step({ status: 'submitting', version: 3 }));
    expect(qc.getQueryData<HitlStep>(hitlKeys.detail('s1'))?.status).toBe('submitted');
    expect(qc.getQueryData<HitlStep[]>(hitlKeys.list('pending'))).toEqual([]);
    expect(qc.getQueryData<HitlStep[]>(hitlKeys.list('answered'))?.map((s) => s.status)).toEqual([
      'submitted',
    ]);
  });
});
