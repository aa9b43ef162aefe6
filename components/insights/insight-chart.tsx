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
const HEIGHT = 260;

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

const tooltip = (format: Format) => (
  <Tooltip
    cursor={{ fill: 'currentColor', fillOpacity: 0.06 }}
    content={(props) => <ChartTooltip {...props} format={format} />}
  />
);
const legend = <Legend wrapperStyle={{ fontSize: 12 }} />;

/** Horizontal bars, one row per label: tall enough for every label to show. */
const rowsHeight = (n: number) => Math.max(140, 48 + n * 36);

function RunsOverTime({ insights }: { insights: Insights }) {
  const procedures = proceduresByRuns(insights);
  const shown = procedures.slice(0, SERIES.length);
  const spansDays = insights.range.buckets.length > 24;
  const data = runsPerBucket(insights, procedures).map(({ bucket, counts }) => ({
    label: bucketLabel(bucket, insights.range.bucket, spansDays),
    ...Object.fromEntries(shown.map((p, k) => [`p${k}`, counts[k]])),
    other: counts.slice(SERIES.length).reduce((a, b) => a + b, 0),
  }));
  return (
    <BarChart responsive accessibilityLayer={false} data={data} style={{ width: '100%', height: HEIGHT }}>
      <CartesianGrid vertical={false} {...GRID} />
      <XAxis dataKey="label" tick={TICK} tickLine={false} minTickGap={12} />
      <YAxis allowDecimals={false} tick={TICK} tickLine={false} axisLine={false} width={32} />
      {tooltip(formatCount)}
      {legend}
      {shown.map((p, k) => (
        <Bar key={p} dataKey={`p${k}`} name={p} stackId="runs" fill={SERIES[k]} isAnimationActive={false} />
      ))}
      {procedures.length > shown.length ? (
        <Bar dataKey="other" name="Other procedures" stackId="runs" fill={OTHER} isAnimationActive={false} />
      ) : null}
    </BarChart>
  );
}

function Outcomes({ insights }: { insights: Insights }) {
  const keys = Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[];
  return (
    <BarChart
      responsive
      accessibilityLayer={false}
      layout="vertical"
      data={insights.outcomes}
      style={{ width: '100%', height: rowsHeight(insights.outcomes.length) }}
    >
      <CartesianGrid horizontal={false} {...GRID} />
      <XAxis type="number" allowDecimals={false} tick={TICK} tickLine={false} />
      <YAxis type="category" dataKey="procedure" tick={TICK} tickLine={false} width={130} />
      {tooltip(formatCount)}
      {legend}
      {keys.map((k) => (
        <Bar
          key={k}
          dataKey={k}
          name={OUTCOME_LABELS[k]}
          stackId="outcome"
          fill={OUTCOME_COLORS[k]}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

function Spread({ rows }: { rows: { label: string; median_s: number | null; p90_s: number | null }[] }) {
  return (
    <BarChart
      responsive
      accessibilityLayer={false}
      layout="vertical"
      data={rows}
      style={{ width: '100%', height: rowsHeight(rows.length * 1.5) }}
    >
      <CartesianGrid horizontal={false} {...GRID} />
      <XAxis type="number" tick={TICK} tickLine={false} tickFormatter={formatSeconds} />
      <YAxis type="category" dataKey="label" tick={TICK} tickLine={false} width={130} />
      {tooltip(formatSeconds)}
      {legend}
      <Bar dataKey="median_s" name="Median" fill={SERIES[0]} isAnimationActive={false} />
      <Bar dataKey="p90_s" name="p90" fill="#93b0fb" isAnimationActive={false} />
    </BarChart>
  );
}

function BusiestHours({ insights }: { insights: Insights }) {
  const data = insights.busiest_hours.map((h) => ({ ...h, label: String(h.hour).padStart(2, '0') }));
  return (
    <BarChart responsive accessibilityLayer={false} data={data} style={{ width: '100%', height: HEIGHT }}>
      <CartesianGrid vertical={false} {...GRID} />
      <XAxis dataKey="label" tick={TICK} tickLine={false} interval={1} />
      <YAxis allowDecimals={false} tick={TICK} tickLine={false} axisLine={false} width={32} />
      {tooltip(formatCount)}
      {legend}
      <Bar dataKey="runs" name="Runs" fill={SERIES[0]} isAnimationActive={false} />
      <Bar dataKey="hitl_steps" name="HITL steps" fill={SERIES[2]} isAnimationActive={false} />
    </BarChart>
  );
}

function Csat({ insights }: { insights: Insights }) {
  const keys = Object.keys(CSAT_LABELS) as (keyof typeof CSAT_LABELS)[];
  const colors = ['#ef4444', '#f59e0b', '#a1a1aa', '#34d399', '#059669'];
  return (
    <BarChart
      responsive
      accessibilityLayer={false}
      layout="vertical"
      data={insights.csat_by_procedure.map((r) => ({
        ...r,
        label: `${r.procedure} (${formatScore(r.average)})`,
      }))}
      style={{ width: '100%', height: rowsHeight(insights.csat_by_procedure.length) }}
    >
      <CartesianGrid horizontal={false} {...GRID} />
      <XAxis type="number" allowDecimals={false} tick={TICK} tickLine={false} />
      <YAxis type="category" dataKey="label" tick={TICK} tickLine={false} width={150} />
      {tooltip(formatCount)}
      {legend}
      {keys.map((k, i) => (
        <Bar
          key={k}
          dataKey={k}
          name={CSAT_LABELS[k]}
          stackId="csat"
          fill={colors[i]}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

/** One insights chart; drawn from the same figures as the table beside it. */
export function InsightChart({ chart, insights }: { chart: ChartId; insights: Insights }) {
  switch (chart) {
    case 'runs-over-time':
      return <RunsOverTime insights={insights} />;
    case 'outcomes':
      return <Outcomes insights={insights} />;
    case 'hitl-wait-procedure':
      return <Spread rows={insights.hitl_wait_by_procedure.map((r) => ({ ...r, label: r.procedure }))} />;
    case 'hitl-wait-assignee':
      return <Spread rows={insights.hitl_wait_by_assignee.map((r) => ({ ...r, label: r.assignee }))} />;
    case 'answer-time-teammate':
      return <Spread rows={insights.answer_time_by_teammate.map((r) => ({ ...r, label: r.teammate }))} />;
    case 'busiest-hours':
      return <BusiestHours insights={insights} />;
    case 'csat':
      return <Csat insights={insights} />;
  }
}
