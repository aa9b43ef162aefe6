import type { Cell, ColumnKind } from '@/lib/console/insight-tables';

const integer = new Intl.NumberFormat('en');
const score = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

const pad = (n: number) => String(n).padStart(2, '0');

/** 42 s · 4 m 05 s · 2 h 10 m · 3 d 4 h: two units at most, the larger first. */
export function formatSeconds(s: number): string {
  if (s < 1) return `${Math.round(s * 100) / 100} s`;
  if (s < 10) return `${Math.round(s * 10) / 10} s`;
  const t = Math.round(s);
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} m ${pad(t % 60)} s`;
  const m = Math.round(t / 60);
  if (m < 24 * 60) return `${Math.floor(m / 60)} h ${pad(m % 60)} m`;
  const h = Math.round(t / 3600);
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export const formatCount = (n: number) => integer.format(n);
export const formatScore = (n: number) => score.format(n);
export const formatPercent = (n: number) => percent.format(n);

/** A table cell as shown on the page (the CSV keeps the raw value). */
export function formatCell(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return '—';
  if (typeof cell === 'string') return cell;
  if (kind === 'seconds') return formatSeconds(cell);
  if (kind === 'score') return formatScore(cell);
  return formatCount(cell);
}

const UTC = { timeZone: 'UTC' } as const;
const dayFormat = new Intl.DateTimeFormat('en-GB', { ...UTC, day: 'numeric', month: 'short' });
const hourFormat = new Intl.DateTimeFormat('en-GB', { ...UTC, hour: '2-digit', minute: '2-digit' });
const instantFormat = new Intl.DateTimeFormat('en-GB', { ...UTC, dateStyle: 'medium', timeStyle: 'short' });

/** A bucket's axis label: "09:00" within a day, "2 Mar 09:00" across days, "2 Mar" by day. */
export function bucketLabel(iso: string, unit: 'hour' | 'day', spansDays: boolean): string {
  const d = new Date(iso);
  if (unit === 'day') return dayFormat.format(d);
  return spansDays ? `${dayFormat.format(d)} ${hourFormat.format(d)}` : hourFormat.format(d);
}

export const formatInstant = (iso: string) => instantFormat.format(new Date(iso));
