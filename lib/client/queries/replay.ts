import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiFetch } from '@/lib/client/api';
import type { ReplayData, ReplayNote } from '@/lib/console/replay';
import { conversationKeys } from './conversations';
import { retryUnlessClientError } from './retry';

const base = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const fetchReplay = (id: string) => apiFetch<ReplayData>(`${base(id)}/replay`);

export const replayKeys = {
  detail: (id: string) => [...conversationKeys.detail(id), 'replay'] as const,
};

export const replayQueries = {
  detail: (id: string) =>
    queryOptions({
      queryKey: replayKeys.detail(id),
      queryFn: () => fetchReplay(id),
      retry: retryUnlessClientError,
    }),
};

export const useReplay = (id: string) => useQuery(replayQueries.detail(id));

/**
 * Saves (or, empty, deletes) the note of one step and puts the answer in the cached replay; a plain
 * call, not a mutation observer, keeps the presenter page inside its first-load budget.
 */
export function useSaveNote(id: string) {
  const qc = useQueryClient();
  return useCallback(
    async (seq: number, body: string) => {
      const { note } = await apiFetch<{ note: ReplayNote | null }>(`${base(id)}/notes/${seq}`, {
        method: 'PUT',
        json: { body },
      });
      qc.setQueryData<ReplayData>(replayKeys.detail(id), (data) =>
        data
          ? {
              ...data,
              notes: [...data.notes.filter((n) => n.seq !== seq), ...(note ? [note] : [])].sort(
                (a, b) => a.seq - b.seq,
              ),
            }
          : data,
      );
    },
    [qc, id],
  );
}
