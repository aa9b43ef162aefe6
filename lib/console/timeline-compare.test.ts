import { describe, expect, it } from 'vitest';
import { compareTimelines, plainText } from './timeline-compare';
import type { TimelineItem } from './timeline-model';

let seq = 0;
const base = () => ({ key: `k${++seq}`, seq, at: '2026-01-01T00:00:00Z' });
const fin = (html: string): TimelineItem => ({ ...base(), kind: 'fin', html, streamId: null });
const status = (s: string): TimelineItem => ({ ...base(), kind: 'status', status: s, reason: null });
const user = (body: string): TimelineItem => ({ ...base(), kind: 'user', body, author: 'user' });
const hitl = (stepId: string): TimelineItem => ({
  ...base(),
  kind: 'hitl',
  stepId,
  question: 'Approve the refund?',
  answeredBy: 'Lee',
});

const before = () => [user('Refund please'), fin('<p>I can help.</p>'), status('thinking')];

describe('compareTimelines', () => {
  it('marks the first entry that differs, on both sides, with a summary', () => {
    const left = [...before(), hitl('a'), fin('<p>Good news — <b>approved</b>.</p>'), status('resolved')];
    const right = [
      ...before(),
      hitl('b'),
      fin('<p>Sorry, declined.</p>'),
      { ...base(), kind: 'escalation-requested' as const, context: null },
    ];
    const c = compareTimelines(left, right);
    expect(c.shared).toBe(4);
    expect(c.divergence).toMatchObject({ index: 4, left: { item: left[4] }, right: { item: right[4] } });
    expect(c.divergence!.summary).toBe('Fin said “Good news — approved .” · Fin said “Sorry, declined.”');
  });

  it('finds the divergence at the HITL answer when the answers are known', () => {
    const answers: Record<string, string> = { a: 'Approve refund: Yes', b: 'Approve refund: No' };
    const left = [...before(), hitl('a'), fin('<p>Approved</p>')];
    const right = [...before(), hitl('b'), fin('<p>Declined</p>')];
    const c = compareTimelines(left, right, { answerOf: (id) => answers[id] ?? null });
    expect(c.shared).toBe(3);
    expect(c.divergence!.summary).toBe(
      '“Approve the refund?” answered Approve refund: Yes · “Approve the refund?” answered Approve refund: No',
    );
  });

  it('ignores ids, times, drafts and warnings', () => {
    const draft: TimelineItem = { ...base(), kind: 'fin-draft', text: 'I ca', streamId: 's', chunkIndex: 0 };
    const left = [user('hi'), fin('<p>Hello</p>')];
    const right = [user('hi'), draft, fin('<p>Hello</p>')];
    expect(compareTimelines(left, right)).toMatchObject({ shared: 2, divergence: null });
  });

  it('waits for a side still running that matches so far', () => {
    const left = [...before(), fin('<p>Done</p>')];
    const right = before();
    expect(compareTimelines(left, right, { rightDone: false }).divergence).toBeNull();
    const ended = compareTimelines(left, right, { rightDone: true });
    expect(ended.divergence).toMatchObject({
      index: 3,
      right: null,
      summary: 'Fin said “Done” · nothing more',
    });
  });

  it('shortens long texts in the summary', () => {
    const long = 'x'.repeat(200);
    const c = compareTimelines([user(long)], [user('short')]);
    expect(c.divergence!.summary).toMatch(/^the user said “x{79}…” · the user said “short”$/);
  });
});

describe('plainText', () => {
  it('drops tags and decodes the usual entities', () => {
    expect(plainText('<p>A &amp; B&nbsp;&lt;c&gt; &quot;d&quot; &#39;e&#39;</p>')).toBe(`A & B <c> "d" 'e'`);
  });
});
