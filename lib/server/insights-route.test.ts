import { describe, expect, it } from 'vitest';
import * as insightsRoute from '@/app/api/insights/route';
import type { Insights } from '@/lib/console/insights';
import { actingAs, getRequest, harnessPerFile, params } from '@/testing/server/harness';

const h = harnessPerFile({ webhooks: false });
const get = async (query: string, as?: Awaited<ReturnType<typeof actingAs>>) => {
  const res = await insightsRoute.GET(getRequest(`/api/insights${query}`, { as }), params({}));
  return [res.status, (await res.json()) as unknown] as const;
};

describe('GET /api/insights', () => {
  it('answers a viewer with the figures of the range asked for', async () => {
    const viewer = await actingAs(h, 'Vera', 'viewer');
    const [status, body] = await get('?from=2026-01-01&to=2026-01-02', viewer);
    expect(status).toBe(200);
    expect((body as Insights).range).toMatchObject({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      bucket: 'hour',
    });
    expect((body as Insights).summary.runs).toBe(0);
  });

  it('refuses a bad or too long range with a 400 error.list naming the field', async () => {
    const viewer = await actingAs(h, 'Vera', 'viewer');
    for (const [query, message] of [
      ['?from=2026-01-02&to=2026-01-01', 'from must be before to'],
      ['?from=2020-01-01&to=2026-01-01', 'The range is at most 366 days'],
      ['?to=soon', 'to must be an ISO date (2026-01-31) or date-time (2026-01-31T09:00:00Z)'],
    ] as const) {
      const [status, body] = await get(query, viewer);
      expect(status).toBe(400);
      expect(body).toMatchObject({
        type: 'error.list',
        errors: [{ code: 'parameter_invalid', message, field: query.startsWith('?to') ? 'to' : 'from' }],
      });
    }
  });

  it('needs a signed-in caller', async () => {
    const [status, body] = await get('', null);
    expect(status).toBe(401);
    expect(body).toMatchObject({ type: 'error.list', errors: [{ code: 'unauthorized' }] });
  });
});
