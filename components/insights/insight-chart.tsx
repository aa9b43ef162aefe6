'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { CSAT_LABELS, OUTCOME_LABELS, proceduresByRuns, runsPerBucket } from '@/lib/console/insight-tables';
import type { Insights } from '@/lib/console/insights';
import { bucketLabel, formatCount, formatScore, formatSeconds } from './format';

export type ChartId =
  | 'runs-over-time'
  | 'outcomes'
  | 'hitl-wait-procedure'
  | 'hitl-wait-assignee'
  | 'answer-time-teammate'
  | 'busiest-hours'
  | 'csat';

const SERIES = ['#3b6cf6', '#10b981', '#f59e0b', '#8b5cf6', '#f43f5e', '#06b6d4'];
const OTHER = '#a1a1aa';
const OUTCOME_COLORS = {
  resolved: '#10b981',
  escalated: '#f59e0b',
  complete_unresolved: '#a1a1aa',
  in_progress: '#3b6cf6',
  failed: '#ef4444',
} as const;
const GRID = { stroke: 'currentColor', strokeOpacity: 0.15 };
const TICK = { fill: 'currentColor', fontSize: 12 };

type Format = (v: number) => string;

function ChartTooltip({ active, payload, label, format }: Partial<TooltipContentProps> & { format: Format }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-xs text-zinc-900 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100">
      <p className="mb-1 font-medium">{label}</p>
      {payload.map((p) => (
        <p key={String(p.dataKey)} className="flex items-center gap-2">
          <span aria-hidden="true" className="size-2 rounded-full" style={{ background: p.color }} />
          {p.name}: <span className="tabular-nums">{format(Number(p.value))}</span>
        </p>
      ))}
    </div>
  );
}

type Series = { key: string; name: string; color: string };

/** Bars per category: columns along the x axis, or (`rows`) one horizontal bar per label. */
function Bars({
  data,
  category,
  series,
  format = formatCount,
  stacked = false,
  rows = false,
  labelWidth = 130,
}: {
  data: object[];
  category: string;
  series: Series[];
  format?: Format;
  stacked?: boolean;
  rows?: boolean;
  labelWidth?: number;
}) {
  // Rows: tall enough for every label to show.
  const height = rows ? Math.max(140, 48 + data.length * (stacked ? 36 : 52)) : 260;
  const integers = format === formatCount;
  return (
    <BarChart
      responsive
      accessibilityLayer={false}
      layout={rows ? 'vertical' : 'horizontal'}
      data={data}
      style={{ width: '100%', height }}
    >
      <CartesianGrid vertical={rows} horizontal={!rows} {...GRID} />
      {rows ? (
        <XAxis type="number" allowDecimals={!integers} tick={TICK} tickLine={false} tickFormatter={format} />
      ) : (
        <XAxis dataKey={category} tick={TICK} tickLine={false} minTickGap={8} />
      )}
      {rows ? (
        <YAxis type="category" dataKey={category} tick={TICK} tickLine={false} width={labelWidth} />
      ) : (
        <YAxis allowDecimals={!integers} tick={TICK} tickLine={false} axisLine={false} width={40} />
      )}
      <Tooltip
        cursor={{ fill: 'currentColor', fillOpacity: 0.06 }}
        content={(props) => <ChartTooltip {...props} format={format} />}
      />
      <Legend
        wrapperStyle={{ fontSize: 12 }}
        itemSorter={null}
        formatter={(value: string) => <span className="text-zinc-700 dark:text-zinc-300">{value}</span>}
      />
      {series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.name}
          fill={s.color}
          stackId={stacked ? 'stack' : undefined}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

function RunsOverTime({ insights }: { insights: Insights }) {
  const procedures = proceduresByRuns(insights);
  const shown = procedures.slice(0, SERIES.length);
  const spansDays = insights.range.buckets.length > 24;
  const data = runsPerBucket(insights, procedures).map(({ bucket, counts }) => ({
    label: bucketLabel(bucket, insights.range.bucket, spansDays),
    ...Object.fromEntries(shown.map((p, k) => [`p${k}`, counts[k]])),
    other: counts.slice(SERIES.length).reduce((a, b) => a + b, 0),
  }));
  const series = shown.map((p, k) => ({ key: `p${k}`, name: p, color: SERIES[k]! }));
  if (procedures.length > shown.length) series.push({ key: 'other', name: 'Other procedures', color: OTHER });
  return <Bars data={data} category="label" series={series} stacked />;
}

const OUTCOME_SERIES = (Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[]).map((k) => ({
  key: k,
  name: OUTCOME_LABELS[k],
  color: OUTCOME_COLORS[k],
}));
const CSAT_COLORS = ['#ef4444', '#f59e0b', '#a1a1aa', '#34d399', '#059669'];
const CSAT_SERIES = (Object.keys(CSAT_LABELS) as (keyof typeof CSAT_LABELS)[]).map((k, i) => ({
  key: k,
  name: CSAT_LABELS[k],
  color: CSAT_COLORS[i]!,
}));
const SPREAD_SERIES = [
  { key: 'median_s', name: 'Median', color: SERIES[0]! },
  { key: 'p90_s', name: 'p90', color: '#93b0fb' },
];
const HOUR_SERIES = [
  { key: 'runs', name: 'Runs', color: SERIES[0]! },
  { key: 'hitl_steps', name: 'HITL steps', color: SERIES[2]! },
];

function Spread({ rows }: { rows: { label: string; median_s: number | null; p90_s: number | null }[] }) {
  return <Bars rows data={rows} category="label" series={SPREAD_SERIES} format={formatSeconds} />;
}

/** One insights chart; drawn from the same figures as the table beside it. */
export function InsightChart({ chart, insights }: { chart: ChartId; insights: Insights }) {
  switch (chart) {
    case 'runs-over-time':
      return <RunsOverTime insights={insights} />;
    case 'outcomes':
      return <Bars rows stacked data={insights.outcomes} category="procedure" series={OUTCOME_SERIES} />;
    case 'hitl-wait-procedure':
      return <Spread rows={insights.hitl_wait_by_procedure.map((r) => ({ ...r, label: r.procedure }))} />;
    case 'hitl-wait-assignee':
      return <Spread rows={insights.hitl_wait_by_assignee.map((r) => ({ ...r, label: r.assignee }))} />;
    case 'answer-time-teammate':
      return <Spread rows={insights.answer_time_by_teammate.map((r) => ({ ...r, label: r.teammate }))} />;
    case 'busiest-hours':
      return (
        <Bars
          data={insights.busiest_hours.map((h) => ({ ...h, label: String(h.hour).padStart(2, '0') }))}
          category="label"
          series={HOUR_SERIES}
        />
      );
    case 'csat':
      return (
        <Bars
          rows
          stacked
          labelWidth={150}
          data={insights.csat_by_procedure.map((r) => ({
            ...r,
            label: `${r.procedure} (${formatScore(r.average)})`,
          }))}
          category="label"
          series={CSAT_SERIES}
        />
      );
  }
}
