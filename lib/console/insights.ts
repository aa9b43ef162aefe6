/** `GET /api/insights`: run figures over a time range, shared by the server and the browser (see docs/decisions/insights.md). */
import { z } from 'zod';
import { INSIGHTS_DEFAULT_DAYS, INSIGHTS_MAX_DAYS } from './insights-range';

const DAY_MS = 86_400_000;

const instant = (field: 'from' | 'to') =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: `${field} must be an ISO date (2026-01-31) or date-time (2026-01-31T09:00:00Z)`,
    })
    .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v))
    .optional();

/** `from` inclusive, `to` exclusive; defaults: the last 7 days up to now. */
export const insightsQuerySchema = z
  .object({ from: instant('from'), to: instant('to') })
  .transform(({ from, to }, ctx) => {
    const end = to ?? new Date();
    const start = from ?? new Date(end.getTime() - INSIGHTS_DEFAULT_DAYS * DAY_MS);
    if (start >= end) ctx.addIssue({ code: 'custom', message: 'from must be before to', path: ['from'] });
    else if (end.getTime() - start.getTime() > INSIGHTS_MAX_DAYS * DAY_MS)
      ctx.addIssue({
        code: 'custom',
        message: `The range is at most ${INSIGHTS_MAX_DAYS} days`,
        path: ['from'],
      });
    return { from: start, to: end };
  });
export type InsightsRange = z.output<typeof insightsQuerySchema>;

export const OUTCOMES = ['resolved', 'escalated', 'complete_unresolved', 'in_progress', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const CSAT_SCORES = { terrible: 1, bad: 2, ok: 3, good: 4, amazing: 5 } as const;

const count = z.number().int().nonnegative();
/** Seconds, to the millisecond; null when nothing was measured. */
const seconds = z.number().nonnegative().nullable();
const spread = z.object({ count, median_s: seconds, p90_s: seconds });

export const insightsSchema = z.object({
  range: z.object({
    from: z.string(),
    to: z.string(),
    bucket: z.enum(['hour', 'day']),
    /** Every bucket's start (UTC), in order, so empty buckets show as zero. */
    buckets: z.array(z.string()),
  }),
  summary: z.object({
    runs: count,
    resolved: count,
    /** resolved / runs, 0..1; null without runs. */
    resolved_rate: z.number().nullable(),
    hitl_answered: count,
    hitl_wait_median_s: seconds,
    hitl_wait_p90_s: seconds,
    csat_ratings: count,
    csat_average: z.number().nullable(),
  }),
  runs_over_time: z.array(z.object({ bucket: z.string(), procedure: z.string(), runs: count })),
  outcomes: z.array(
    z.object({
      procedure: z.string(),
      resolved: count,
      escalated: count,
      complete_unresolved: count,
      in_progress: count,
      failed: count,
    }),
  ),
  hitl_wait_by_procedure: z.array(spread.extend({ procedure: z.string() })),
  hitl_wait_by_assignee: z.array(spread.extend({ assignee: z.string() })),
  answer_time_by_teammate: z.array(spread.extend({ teammate: z.string() })),
  /** 24 entries, hour 0..23 UTC. */
  busiest_hours: z.array(z.object({ hour: z.number().int().min(0).max(23), runs: count, hitl_steps: count })),
  csat_by_procedure: z.array(
    z.object({
      procedure: z.string(),
      ratings: count,
      average: z.number(),
      terrible: count,
      bad: count,
      ok: count,
      good: count,
      amazing: count,
    }),
  ),
});
export type Insights = z.infer<typeof insightsSchema>;
