import { describe, expect, it } from 'vitest';
import { bucketLabel, formatSeconds } from './format';

describe('insights formatting', () => {
  it('writes durations with at most two units', () => {
    expect([0.054, 4.25, 42, 59.6, 60, 245, 3599, 3600, 7830, 86_400, 273_600].map(formatSeconds)).toEqual([
      '0.05 s',
      '4.3 s',
      '42 s',
      '1 m 00 s',
      '1 m 00 s',
      '4 m 05 s',
      '59 m 59 s',
      '1 h 00 m',
      '2 h 11 m',
      '1 d 0 h',
      '3 d 4 h',
    ]);
  });

  it('labels buckets in UTC', () => {
    expect(bucketLabel('2026-03-02T09:00:00.000Z', 'hour', false)).toBe('09:00');
    expect(bucketLabel('2026-03-02T09:00:00.000Z', 'hour', true)).toBe('2 Mar 09:00');
    expect(bucketLabel('2026-03-02T00:00:00.000Z', 'day', false)).toBe('2 Mar');
  });
});
