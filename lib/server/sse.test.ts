import { describe, expect, it } from 'vitest';
import { listEvents } from './db/events';
import { resumeSeq } from './sse';
import { freshDbPerSuite } from './testing/harness';

const req = (query: string, lastEventId?: string) =>
  new Request(`http://console.test/api/conversations/c/stream${query}`, {
    headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
  });

/**
 * A resume point beyond the seq column's range (a forged or corrupted Last-Event-ID) used to
 * reach the query as is: every catch-up of that stream failed and logged an error.
 */
describe('resumeSeq', () => {
  const db = freshDbPerSuite();

  it('takes Last-Event-ID over ?after=, a positive whole number, else 0', () => {
    expect(resumeSeq(req('?after=3', '7'))).toBe(7);
    expect(resumeSeq(req('?after=3'))).toBe(3);
    for (const bad of ['', '-2', '1.5', 'x', '1e400']) expect(resumeSeq(req('', bad))).toBe(0);
  });

  it('caps a value beyond any seq at the largest one, which the store can compare with', async () => {
    for (const huge of ['2147483648', '99999999999999999999', '1e300']) {
      const after = resumeSeq(req('', huge));
      expect(after).toBe(2_147_483_647);
      await expect(listEvents(db(), 'any', after)).resolves.toEqual([]);
    }
  });
});
