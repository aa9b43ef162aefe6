'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { RANGE_PRESETS, type InsightsRangeChoice, type RangePreset } from '@/lib/client/queries/insights';
import { INSIGHTS_MAX_DAYS } from '@/lib/console/insights-range';
import { cn } from '@/lib/utils';

const PRESET_LABELS: Record<RangePreset, string> = { '24h': '24 h', '7d': '7 d', '30d': '30 d' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The range lives in the URL (`?range=24h` or `?from=&to=` dates), so a reload or a shared link keeps it. */
export function useRangeChoice(): [InsightsRangeChoice, (next: InsightsRangeChoice) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const [from, to, preset] = [params.get('from'), params.get('to'), params.get('range')];
  const choice: InsightsRangeChoice =
    from && to && DATE.test(from) && DATE.test(to)
      ? { from, to }
      : { preset: preset && preset in RANGE_PRESETS ? (preset as RangePreset) : '7d' };
  const set = (next: InsightsRangeChoice) => {
    const qs = new URLSearchParams('preset' in next ? { range: next.preset } : next);
    // Not router.replace: no server round trip is needed to change what the page fetches.
    window.history.replaceState(null, '', `${pathname}?${qs.toString()}`);
  };
  return [choice, set];
}

function customRangeError(from: string, to: string): string | undefined {
  if (!DATE.test(from) || !DATE.test(to)) return 'Enter both dates';
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1) return 'The start must not be after the end';
  if (days > INSIGHTS_MAX_DAYS) return `The range is at most ${INSIGHTS_MAX_DAYS} days`;
  return undefined;
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString().slice(0, 10);

/** Presets ending now, or whole UTC days chosen by date. */
export function RangePicker({
  choice,
  onChange,
}: {
  choice: InsightsRangeChoice;
  onChange: (next: InsightsRangeChoice) => void;
}) {
  const [custom, setCustom] = useState('from' in choice);
  const [from, setFrom] = useState('from' in choice ? choice.from : daysAgo(6));
  const [to, setTo] = useState('to' in choice ? choice.to : today());
  const [error, setError] = useState<string>();
  const segment = (active: boolean) =>
    cn(
      'focus-visible:ring-brand-500 rounded px-3 py-1.5 text-sm font-medium focus-visible:ring-2 focus-visible:outline-none',
      active
        ? 'bg-white text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-zinc-50'
        : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
    );
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div
        role="group"
        aria-label="Time range"
        className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800"
      >
        {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={!custom && 'preset' in choice && choice.preset === p}
            className={segment(!custom && 'preset' in choice && choice.preset === p)}
            onClick={() => {
              setCustom(false);
              onChange({ preset: p });
            }}
          >
            <span className="sr-only">Last </span>
            {PRESET_LABELS[p]}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={custom}
          className={segment(custom)}
          onClick={() => setCustom(true)}
        >
          Custom
        </button>
      </div>
      {custom ? (
        <form
          className="flex flex-wrap items-start gap-2"
          aria-label="Custom range"
          onSubmit={(e) => {
            e.preventDefault();
            const problem = customRangeError(from, to);
            setError(problem);
            if (!problem) onChange({ from, to });
          }}
        >
          <Field id="insights-from" label="From (UTC)" className="w-40" error={error}>
            <Input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </Field>
          <Field id="insights-to" label="To (UTC, included)" className="w-40">
            <Input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </Field>
          <Button type="submit" variant="secondary" className="mt-6">
            Apply
          </Button>
        </form>
      ) : null}
    </div>
  );
}
