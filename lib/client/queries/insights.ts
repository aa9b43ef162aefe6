import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { Insights } from '@/lib/console/insights';
import { retryUnlessClientError } from './retry';

const HOUR_MS = 3_600_000;
export const RANGE_PRESETS = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;

/** A preset ending now, or whole UTC days from `from` to `to`, both included (YYYY-MM-DD). */
export type InsightsRangeChoice = { preset: RangePreset } | { from: string; to: string };

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 24 * HOUR_MS).toISOString();

/** A preset is measured back from the moment of each fetch, so a refetch moves with the clock. */
export function fetchInsights(range: InsightsRangeChoice) {
  const q: Record<string, string> =
    'preset' in range
      ? { from: new Date(Date.now() - RANGE_PRESETS[range.preset] * HOUR_MS).toISOString() }
      : { from: range.from, to: nextDay(range.to) };
  return apiFetch<Insights>(`/api/insights?${new URLSearchParams(q).toString()}`);
}

export const insightsKeys = {
  all: ['insights'] as const,
  range: (range: InsightsRangeChoice) => [...insightsKeys.all, range] as const,
};

export const insightsQueries = {
  range: (range: InsightsRangeChoice) =>
    queryOptions({
      queryKey: insightsKeys.range(range),
      queryFn: () => fetchInsights(range),
      staleTime: 30_000,
      retry: retryUnlessClientError,
    }),
};

/** The figures for a range; the previous range's stay on screen while another loads. */
export function useInsights(range: InsightsRangeChoice) {
  return useQuery({ ...insightsQueries.range(range), placeholderData: keepPreviousData });
}
