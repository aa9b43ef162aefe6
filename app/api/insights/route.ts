import { insightsQuerySchema } from '@/lib/console/insights';
import { route } from '@/lib/server/http';
import { getInsights } from '@/lib/server/insights';

/** Run figures for `?from=&to=` (ISO dates, `to` exclusive; default the last 7 days). Viewers read
 * every run and step already, and these are sums of them. */
export const GET = route('viewer', (req, ctx) => {
  const params = new URL(req.url).searchParams;
  const query = Object.fromEntries(
    ['from', 'to'].flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : [])),
  );
  return getInsights(ctx, insightsQuerySchema.parse(query));
});
