'use client';

import { ChartColumnBig, Download } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Card, EmptyState, Skeleton } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { preloaded } from '@/components/ui/preloaded';
import { Table } from '@/components/ui/table';
import { useInsights } from '@/lib/client/queries/insights';
import { insightTables, toCsv, type InsightTable } from '@/lib/console/insight-tables';
import type { Insights } from '@/lib/console/insights';
import { cn } from '@/lib/utils';
import { formatCell, formatCount, formatInstant, formatPercent, formatScore, formatSeconds } from './format';
import type { ChartId } from './insight-chart';
import { RangePicker, useRangeChoice } from './range-picker';

// recharts is most of this page's code: its chunk loads beside the data, not in the first load.
const InsightChart = preloaded(
  () => import('./insight-chart').then((m) => m.InsightChart),
  () => <Skeleton className="h-64" />,
);

const DESCRIPTIONS: Record<ChartId, { text: string; empty: string }> = {
  'runs-over-time': { text: 'Procedure runs started per bucket, stacked by procedure.', empty: 'No runs.' },
  outcomes: {
    text: 'How each run ended: resolved, escalated, complete without resolution, still going, or refused by Fin.',
    empty: 'No runs.',
  },
  'hitl-wait-procedure': {
    text: 'From a HITL step arriving to its answer, median and p90, for answered steps.',
    empty: 'No HITL step was answered.',
  },
  'hitl-wait-assignee': {
    text: 'The same waiting time, by who Fin assigned the step to.',
    empty: 'No HITL step was answered.',
  },
  'answer-time-teammate': {
    text: 'From the teammate claiming a step (or its arrival, unclaimed) to their answer.',
    empty: 'No HITL step was answered.',
  },
  'busiest-hours': {
    text: 'Runs started and HITL steps received per hour of the day.',
    empty: 'Nothing yet.',
  },
  csat: {
    text: 'The last rating given to each run, by procedure, with the average of 1–5.',
    empty: 'No ratings.',
  },
};

function downloadCsv(table: InsightTable, range: Insights['range']) {
  // A byte-order mark so spreadsheet apps read the file as UTF-8.
  const url = URL.createObjectURL(new Blob(['\ufeff', toCsv(table)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `insights-${table.id}-${range.from.slice(0, 10)}-${range.to.slice(0, 10)}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function DataTable({ table }: { table: InsightTable }) {
  const numeric = (k: number) => table.columns[k]!.kind !== 'text';
  return (
    <Table
      focusable
      caption={table.title}
      columns={table.columns.map((c, k) => ({
        label: c.label,
        className: numeric(k) ? 'text-right' : undefined,
      }))}
    >
      {table.rows.map((row, r) => (
        <tr key={r}>
          {row.map((cell, k) =>
            k === 0 ? (
              <th key={k} scope="row" className="px-3 py-1.5 font-medium whitespace-nowrap">
                {formatCell(cell, table.columns[k]!.kind)}
              </th>
            ) : (
              <td
                key={k}
                className={cn('px-3 py-1.5 whitespace-nowrap', numeric(k) && 'text-right tabular-nums')}
              >
                {formatCell(cell, table.columns[k]!.kind)}
              </td>
            ),
          )}
        </tr>
      ))}
    </Table>
  );
}

function ChartCard({ table, insights }: { table: InsightTable; insights: Insights }) {
  const chart = table.id as ChartId;
  const headingId = `insights-${table.id}`;
  return (
    <Card className={cn('min-w-0 p-5', chart === 'runs-over-time' && 'xl:col-span-2')}>
      <section aria-labelledby={headingId}>
        <div className="flex items-start justify-between gap-4">
          <div>
            <h2 id={headingId} className="text-base font-semibold">
              {table.title}
            </h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{DESCRIPTIONS[chart].text}</p>
          </div>
          <Button
            size="sm"
            variant="secondary"
            aria-label={`Download CSV of ${table.title}`}
            onClick={() => downloadCsv(table, insights.range)}
          >
            <Download className="size-4" aria-hidden="true" />
            CSV
          </Button>
        </div>
        {table.rows.length === 0 ? (
          <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
            {DESCRIPTIONS[chart].empty}
          </p>
        ) : (
          <>
            <div
              role="img"
              aria-label={`${table.title} chart; its numbers are in the table below`}
              className="mt-4 text-zinc-500 dark:text-zinc-400"
            >
              <InsightChart chart={chart} insights={insights} />
            </div>
            <details className="group mt-3">
              <summary className="focus-visible:ring-brand-500 cursor-pointer rounded text-sm font-medium text-zinc-700 focus-visible:ring-2 focus-visible:outline-none dark:text-zinc-300">
                Table
              </summary>
              <div className="mt-2">
                <DataTable table={table} />
              </div>
            </details>
          </>
        )}
      </section>
    </Card>
  );
}

function Tile({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <Card className="p-4">
      <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">{value}</dd>
      <dd className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{detail}</dd>
    </Card>
  );
}

function Summary({ s }: { s: Insights['summary'] }) {
  return (
    <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
      <Tile label="Runs" value={formatCount(s.runs)} detail="procedure runs started" />
      <Tile
        label="Resolved"
        value={s.resolved_rate === null ? '—' : formatPercent(s.resolved_rate)}
        detail={`${formatCount(s.resolved)} of ${formatCount(s.runs)} runs`}
      />
      <Tile
        label="Median HITL wait"
        value={s.hitl_wait_median_s === null ? '—' : formatSeconds(s.hitl_wait_median_s)}
        detail={
          s.hitl_wait_p90_s === null
            ? 'no step answered'
            : `p90 ${formatSeconds(s.hitl_wait_p90_s)} · ${formatCount(s.hitl_answered)} answered`
        }
      />
      <Tile
        label="CSAT average"
        value={s.csat_average === null ? '—' : `${formatScore(s.csat_average)} / 5`}
        detail={`${formatCount(s.csat_ratings)} ${s.csat_ratings === 1 ? 'rating' : 'ratings'}`}
      />
    </dl>
  );
}

function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading insights" className="space-y-4">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {[0, 1, 2, 3].map((k) => (
          <Skeleton key={k} className="h-24" />
        ))}
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Skeleton className="h-80" />
        <Skeleton className="h-80" />
      </div>
    </div>
  );
}

const isEmpty = (i: Insights) => i.summary.runs === 0 && i.busiest_hours.every((h) => h.hitl_steps === 0);

/** Figures for the chosen range: tiles, then each chart with its table and CSV. */
export function InsightsPage() {
  const [choice, setChoice] = useRangeChoice();
  const insights = useInsights(choice);
  const data = insights.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <RangePicker choice={choice} onChange={setChoice} />
        {data ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {insights.isPlaceholderData
              ? 'Updating…'
              : `${formatInstant(data.range.from)} – ${formatInstant(data.range.to)} UTC, by ${data.range.bucket}`}
          </p>
        ) : null}
      </div>
      {insights.isError && !data ? (
        <LoadFailed title="Insights could not be loaded" error={insights.error} onRetry={insights.refetch} />
      ) : !data ? (
        <Loading />
      ) : isEmpty(data) ? (
        <EmptyState
          icon={<ChartColumnBig className="size-8" aria-hidden="true" />}
          title="No runs in this range"
          action={
            <Button asChild variant="secondary">
              <Link href="/">Open the catalogue</Link>
            </Button>
          }
        >
          Pick a longer range, or run a procedure from the catalogue.
        </EmptyState>
      ) : (
        <div className={cn('space-y-4 transition-opacity', insights.isPlaceholderData && 'opacity-60')}>
          {insights.isError ? (
            <LoadFailed
              title="Insights could not be updated"
              error={insights.error}
              onRetry={insights.refetch}
            />
          ) : null}
          <Summary s={data.summary} />
          <div className="grid gap-4 xl:grid-cols-2">
            {insightTables(data).map((table) => (
              <ChartCard key={table.id} table={table} insights={data} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
