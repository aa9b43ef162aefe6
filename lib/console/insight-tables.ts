/** The numbers behind each insights chart as tables: shown on the page and downloaded as CSV from the same rows. */
import type { Insights } from './insights';

/** `seconds` are shown as durations and written to CSV as plain seconds. */
export type ColumnKind = 'text' | 'count' | 'seconds' | 'score';
export interface InsightColumn {
  label: string;
  kind: ColumnKind;
}
export type Cell = string | number | null;
export interface InsightTable {
  id: string;
  title: string;
  columns: InsightColumn[];
  rows: Cell[][];
}

const text = (label: string): InsightColumn => ({ label, kind: 'text' });
const counted = (label: string): InsightColumn => ({ label, kind: 'count' });
const secs = (label: string): InsightColumn => ({ label, kind: 'seconds' });

export const OUTCOME_LABELS = {
  resolved: 'Resolved',
  escalated: 'Escalated',
  complete_unresolved: 'Complete, not resolved',
  in_progress: 'In progress',
  failed: 'Failed',
} as const;

export const CSAT_LABELS = {
  terrible: 'Terrible',
  bad: 'Bad',
  ok: 'OK',
  good: 'Good',
  amazing: 'Amazing',
} as const;

/** Procedures by runs in the range, most first (the column and series order everywhere). */
export function proceduresByRuns(i: Insights): string[] {
  const runs = new Map<string, number>();
  for (const r of i.runs_over_time) runs.set(r.procedure, (runs.get(r.procedure) ?? 0) + r.runs);
  return [...runs].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([p]) => p);
}

/** One row per bucket, one column per procedure: what the stacked chart draws. */
export function runsPerBucket(i: Insights, procedures = proceduresByRuns(i)) {
  const at = new Map(i.range.buckets.map((b, k) => [b, k]));
  const rows = i.range.buckets.map((bucket) => ({ bucket, counts: procedures.map(() => 0) }));
  const column = new Map(procedures.map((p, k) => [p, k]));
  for (const r of i.runs_over_time) {
    const row = rows[at.get(r.bucket) ?? -1];
    const k = column.get(r.procedure);
    if (row && k !== undefined) row.counts[k]! += r.runs;
  }
  return rows;
}

const spreadTable = (
  id: string,
  title: string,
  key: string,
  measure: string,
  rows: { count: number; median_s: number | null; p90_s: number | null; label: string }[],
): InsightTable => ({
  id,
  title,
  columns: [text(key), counted('Answered'), secs(`Median ${measure}`), secs(`p90 ${measure}`)],
  rows: rows.map((r) => [r.label, r.count, r.median_s, r.p90_s]),
});

/** Every table of the page, in page order. */
export function insightTables(i: Insights) {
  const procedures = proceduresByRuns(i);
  const outcomeKeys = Object.keys(OUTCOME_LABELS) as (keyof typeof OUTCOME_LABELS)[];
  const csatKeys = Object.keys(CSAT_LABELS) as (keyof typeof CSAT_LABELS)[];
  const total = (r: Record<keyof typeof OUTCOME_LABELS, number>) => outcomeKeys.reduce((n, k) => n + r[k], 0);
  return [
    {
      id: 'runs-over-time',
      title: 'Runs per procedure over time',
      columns: [
        text(i.range.bucket === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'),
        ...procedures.map(counted),
        counted('Total'),
      ],
      rows: runsPerBucket(i, procedures).map(({ bucket, counts }) => [
        i.range.bucket === 'hour' ? bucket.slice(0, 16).replace('T', ' ') : bucket.slice(0, 10),
        ...counts,
        counts.reduce((a, b) => a + b, 0),
      ]),
    },
    {
      id: 'outcomes',
      title: 'Outcome mix',
      columns: [text('Procedure'), ...outcomeKeys.map((k) => counted(OUTCOME_LABELS[k])), counted('Total')],
      rows: i.outcomes.map((r) => [r.procedure, ...outcomeKeys.map((k) => r[k]), total(r)]),
    },
    spreadTable(
      'hitl-wait-procedure',
      'HITL waiting time per procedure',
      'Procedure',
      'wait',
      i.hitl_wait_by_procedure.map((r) => ({ ...r, label: r.procedure })),
    ),
    spreadTable(
      'hitl-wait-assignee',
      'HITL waiting time per assignee',
      'Assignee',
      'wait',
      i.hitl_wait_by_assignee.map((r) => ({ ...r, label: r.assignee })),
    ),
    spreadTable(
      'answer-time-teammate',
      'Answer time per teammate',
      'Teammate',
      'answer time',
      i.answer_time_by_teammate.map((r) => ({ ...r, label: r.teammate })),
    ),
    {
      id: 'busiest-hours',
      title: 'Busiest hours',
      columns: [text('Hour (UTC)'), counted('Runs'), counted('HITL steps')],
      rows: i.busiest_hours.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, h.runs, h.hitl_steps]),
    },
    {
      id: 'csat',
      title: 'CSAT per procedure',
      columns: [
        text('Procedure'),
        counted('Ratings'),
        { label: 'Average (1–5)', kind: 'score' },
        ...csatKeys.map((k) => counted(CSAT_LABELS[k])),
      ],
      rows: i.csat_by_procedure.map((r) => [r.procedure, r.ratings, r.average, ...csatKeys.map((k) => r[k])]),
    },
  ] as const satisfies InsightTable[];
}

// A spreadsheet runs a cell starting with one of these as a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const safe = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV (CRLF lines); seconds columns say so in their header. */
export function toCsv(table: InsightTable): string {
  const header = table.columns.map((c) => (c.kind === 'seconds' ? `${c.label} (s)` : c.label));
  return [header, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
