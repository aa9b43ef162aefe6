import { describe, expect, it } from 'vitest';
import type { Insights } from './insights';
import { insightTables, toCsv } from './insight-tables';

const insights: Insights = {
  range: {
    from: '2026-03-02T00:00:00.000Z',
    to: '2026-03-02T03:00:00.000Z',
    bucket: 'hour',
    buckets: ['2026-03-02T00:00:00.000Z', '2026-03-02T01:00:00.000Z', '2026-03-02T02:00:00.000Z'],
  },
  summary: {
    runs: 4,
    resolved: 1,
    resolved_rate: 0.25,
    hitl_answered: 1,
    hitl_wait_median_s: 90,
    hitl_wait_p90_s: 90,
    csat_ratings: 0,
    csat_average: null,
  },
  runs_over_time: [
    { bucket: '2026-03-02T00:00:00.000Z', procedure: 'Refunds', runs: 1 },
    { bucket: '2026-03-02T02:00:00.000Z', procedure: '=HYPERLINK("x")', runs: 1 },
    { bucket: '2026-03-02T02:00:00.000Z', procedure: 'Refunds', runs: 2 },
  ],
  outcomes: [],
  hitl_wait_by_procedure: [{ procedure: 'Refunds, EU', count: 1, median_s: 90, p90_s: 90 }],
  hitl_wait_by_assignee: [],
  answer_time_by_teammate: [],
  busiest_hours: [],
  csat_by_procedure: [],
};

describe('insight tables', () => {
  const tables = insightTables(insights);

  it('pivots runs per bucket with procedures by runs, most first, and fills empty buckets', () => {
    const runs = tables[0];
    expect(runs.columns.map((c) => c.label)).toEqual(['Hour (UTC)', 'Refunds', '=HYPERLINK("x")', 'Total']);
    expect(runs.rows).toEqual([
      ['2026-03-02 00:00', 1, 0, 1],
      ['2026-03-02 01:00', 0, 0, 0],
      ['2026-03-02 02:00', 2, 1, 3],
    ]);
  });

  it('writes CSV with quoting, seconds in headers, and formula-like text defused', () => {
    expect(toCsv(tables[0])).toBe(
      [
        `Hour (UTC),Refunds,"'=HYPERLINK(""x"")",Total`,
        '2026-03-02 00:00,1,0,1',
        '2026-03-02 01:00,0,0,0',
        '2026-03-02 02:00,2,1,3',
        '',
      ].join('\r\n'),
    );
    expect(toCsv(tables[2])).toBe(
      'Procedure,Answered,Median wait (s),p90 wait (s)\r\n"Refunds, EU",1,90,90\r\n',
    );
    expect(
      toCsv({
        id: 't',
        title: 't',
        columns: [{ label: 'x', kind: 'text' }],
        rows: [['+1'], ['-2'], ['@a'], [null]],
      }),
    ).toBe("x\r\n'+1\r\n'-2\r\n'@a\r\n\r\n");
  });
});
