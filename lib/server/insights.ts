import 'server-only';
import { CSAT_SCORES, OUTCOMES, type Insights, type InsightsRange } from '@/lib/console/insights';
import { INSIGHTS_HOURLY_UP_TO_MS } from '@/lib/console/insights-range';
import type { Queryable } from './db';
import {
  busiestHours,
  csatByProcedure,
  hitlSpreads,
  outcomesByProcedure,
  runsOverTime,
  type SpreadRow,
} from './db/insights';

const HOUR_MS = 3_600_000;

/** Bucket starts covering [from, to), truncated to the UTC hour or day like the SQL does. */
function bucketStarts(from: Date, to: Date, unit: 'hour' | 'day'): string[] {
  const step = unit === 'hour' ? HOUR_MS : 24 * HOUR_MS;
  const out: string[] = [];
  for (let t = Math.floor(from.getTime() / step) * step; t < to.getTime(); t += step)
    out.push(new Date(t).toISOString());
  return out;
}

type Rating = keyof typeof CSAT_SCORES;
const RATINGS = Object.keys(CSAT_SCORES) as Rating[];
const isRating = (v: string): v is Rating => (RATINGS as string[]).includes(v);
const total = (row: Record<(typeof OUTCOMES)[number], number>) => OUTCOMES.reduce((n, o) => n + row[o], 0);

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

/** Every figure of the insights page for runs started (and HITL steps received) in [from, to). */
export async function getInsights(ctx: { db: Queryable }, { from, to }: InsightsRange): Promise<Insights> {
  const bucket = to.getTime() - from.getTime() <= INSIGHTS_HOURLY_UP_TO_MS ? 'hour' : 'day';
  const [a, b] = [from.toISOString(), to.toISOString()];
  const [overTime, outcomeRows, hours, spreads, csatRows] = await Promise.all([
    runsOverTime(ctx.db, a, b, bucket),
    outcomesByProcedure(ctx.db, a, b),
    busiestHours(ctx.db, a, b),
    hitlSpreads(ctx.db, a, b),
    csatByProcedure(ctx.db, a, b),
  ]);

  const outcomes = new Map<string, Insights['outcomes'][number]>();
  for (const r of outcomeRows) {
    const row =
      outcomes.get(r.procedure) ??
      ({
        procedure: r.procedure,
        ...Object.fromEntries(OUTCOMES.map((o) => [o, 0])),
      } as Insights['outcomes'][number]);
    row[r.outcome] += r.runs;
    outcomes.set(r.procedure, row);
  }
  const runs = outcomeRows.reduce((n, r) => n + r.runs, 0);
  const resolved = outcomeRows.reduce((n, r) => n + (r.outcome === 'resolved' ? r.runs : 0), 0);

  const spread = (r: SpreadRow, wait: boolean) => ({
    count: r.count,
    median_s: wait ? r.wait_median_s : r.answer_median_s,
    p90_s: wait ? r.wait_p90_s : r.answer_p90_s,
  });
  const bySet = (set: SpreadRow['set_name']) => spreads.filter((r) => r.set_name === set);
  const all = bySet('all')[0];

  type CsatRow = Insights['csat_by_procedure'][number];
  const csat = new Map<string, CsatRow>();
  for (const r of csatRows) {
    if (!isRating(r.rating)) continue;
    const row: CsatRow = csat.get(r.procedure) ?? {
      procedure: r.procedure,
      ratings: 0,
      average: 0,
      ...(Object.fromEntries(RATINGS.map((k) => [k, 0])) as Record<Rating, number>),
    };
    row[r.rating] += r.ratings;
    row.ratings += r.ratings;
    csat.set(r.procedure, row);
  }
  let points = 0;
  for (const row of csat.values()) {
    const sum = RATINGS.reduce((n, k) => n + CSAT_SCORES[k] * row[k], 0);
    row.average = ratio(sum, row.ratings) ?? 0;
    points += sum;
  }
  const ratings = [...csat.values()].reduce((n, r) => n + r.ratings, 0);

  const perHour = new Map(hours.map((h) => [h.hour, h]));
  return {
    range: { from: a, to: b, bucket, buckets: bucketStarts(from, to, bucket) },
    summary: {
      runs,
      resolved,
      resolved_rate: ratio(resolved, runs),
      hitl_answered: all?.count ?? 0,
      hitl_wait_median_s: all?.wait_median_s ?? null,
      hitl_wait_p90_s: all?.wait_p90_s ?? null,
      csat_ratings: ratings,
      csat_average: ratio(points, ratings),
    },
    runs_over_time: overTime,
    outcomes: [...outcomes.values()].sort((x, y) => total(y) - total(x)),
    hitl_wait_by_procedure: bySet('procedure').map((r) => ({ procedure: r.label!, ...spread(r, true) })),
    hitl_wait_by_assignee: bySet('assignee').map((r) => ({ assignee: r.label!, ...spread(r, true) })),
    answer_time_by_teammate: bySet('teammate').map((r) => ({ teammate: r.label!, ...spread(r, false) })),
    busiest_hours: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      runs: perHour.get(hour)?.runs ?? 0,
      hitl_steps: perHour.get(hour)?.hitl_steps ?? 0,
    })),
    csat_by_procedure: [...csat.values()],
  };
}
