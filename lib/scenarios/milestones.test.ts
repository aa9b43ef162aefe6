import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/console/types';
import { extractMilestones, matchMilestones, type ActualMilestone } from './milestones';
import type { Milestone } from './schema';

let seq = 0;
const stored = (event: StoredEvent['event']): StoredEvent => ({
  seq: ++seq,
  conversation_id: 'c1',
  key: `k${seq}`,
  source: 'sse',
  event,
  received_at: '2026-01-01T00:00:00.000Z',
});
const status = (s: string) =>
  stored({
    event_name: 'fin_status_updated',
    conversation_id: 'c1',
    user_id: 'u',
    status: s,
    created_at_ms: '1',
  });
const says = (body: string, s = 'replying') =>
  stored({
    event_name: 'fin_replied',
    conversation_id: 'c1',
    user_id: 'u',
    message: { id: `m${seq}`, author: 'fin', body, timestamp_ms: '1' },
    status: s,
    created_at_ms: '1',
  });
const hitl = (stepId: string) =>
  stored({
    event_name: 'console_hitl_pending',
    step_id: stepId,
    hitl_question: 'Approve?',
    created_at_ms: '1',
  });
const csat = () =>
  stored({
    event_name: 'csat_requested',
    conversation_id: 'c1',
    user_id: 'u',
    csat: { options: [] },
    created_at_ms: '1',
  });

// The refund procedure, approved: ask_user, reply, HITL, resolve with CSAT.
const refund = [
  stored({
    event_name: 'fin_reply_chunk',
    conversation_id: 'c1',
    stream_id: 's',
    chunk_index: 0,
    chunk_text: 'I can',
  }),
  says("<p>I can help with a refund. I'll just need a couple of details first.</p>"),
  says("<p>What's the order number you'd like refunded?</p>"),
  status('awaiting_user_reply'),
  stored({ event_name: 'console_user_message', body: 'A-100', author: 'user', created_at_ms: '1' }),
  says('<p>Thanks! I&#39;ve found order <strong>A-100</strong>.</p>'),
  hitl('step-1'),
  stored({ event_name: 'console_hitl_answered', step_id: 'step-1', answered_by: 'Dana', created_at_ms: '1' }),
  says('<p>Good news — your refund of <strong>$12.50</strong> has been approved.</p>'),
  status('resolved'),
  status('complete'),
  csat(),
];
const steps = [{ step_id: 'step-1', attributes: [{ name: 'Approve Refund' }, { name: 'Refund Reason' }] }];

describe('extractMilestones', () => {
  it('reads statuses, messages as plain text, HITL steps with their attribute names and CSAT, in seq order', () => {
    const shuffled = [...refund].reverse();
    expect(extractMilestones(shuffled, steps)).toEqual<ActualMilestone[]>([
      { kind: 'fin_says', text: "I can help with a refund. I'll just need a couple of details first." },
      { kind: 'fin_says', text: "What's the order number you'd like refunded?" },
      { kind: 'status', status: 'awaiting_user_reply' },
      { kind: 'fin_says', text: "Thanks! I've found order A-100." },
      { kind: 'hitl_asked', step_id: 'step-1', attributes: ['Approve Refund', 'Refund Reason'] },
      { kind: 'fin_says', text: 'Good news — your refund of $12.50 has been approved.' },
      { kind: 'status', status: 'resolved' },
      { kind: 'resolved' },
      { kind: 'status', status: 'complete' },
      { kind: 'csat_requested' },
    ]);
  });

  it('marks escalation, keeps one status per change, and takes awaiting_user_reply from a reply', () => {
    const events = [
      says('<p>Which invoice?</p>', 'awaiting_user_reply'),
      status('awaiting_user_reply'),
      status('escalated'),
      status('complete'),
      status('complete'),
    ];
    expect(extractMilestones(events)).toEqual([
      { kind: 'fin_says', text: 'Which invoice?' },
      { kind: 'status', status: 'awaiting_user_reply' },
      { kind: 'status', status: 'escalated' },
      { kind: 'escalated' },
      { kind: 'status', status: 'complete' },
    ]);
  });

  it('shows a HITL step it has no attributes for as asking for none', () => {
    expect(extractMilestones([hitl('unknown')])).toEqual([
      { kind: 'hitl_asked', step_id: 'unknown', attributes: [] },
    ]);
  });
});

describe('matchMilestones', () => {
  const actual = extractMilestones(refund, steps);
  const check = (expected: Milestone[]) => matchMilestones(expected, actual);

  it('passes when every milestone is reached in order', () => {
    const result = check([
      { status: 'awaiting_user_reply' },
      { hitl_asked: ['approve refund'] },
      { fin_says: { contains: 'REFUND of $12.50   has' } },
      { fin_says: { matches: 'refund of \\$\\d+\\.\\d{2}' } },
      { resolved: true },
      { csat_requested: true },
      { escalated: false },
    ]);
    expect(result.passed).toBe(true);
    expect(result.failed_at).toBeNull();
    expect(result.milestones.map((m) => m.actual_index)).toEqual([2, 4, 5, 5, 7, 9, null]);
    expect(result.expected).toEqual([
      'status awaiting_user_reply',
      'HITL step asking for approve refund',
      'Fin says "REFUND of $12.50   has"',
      'Fin says /refund of \\$\\d+\\.\\d{2}/',
      'resolved',
      'CSAT requested',
      'not escalated',
    ]);
    expect(result.actual[4]).toBe('HITL step asking for Approve Refund, Refund Reason');
  });

  it('names the first failing milestone with the statuses actually reached', () => {
    const result = check([{ status: 'awaiting_user_reply' }, { status: 'escalated' }, { resolved: true }]);
    expect(result).toMatchObject({
      passed: false,
      failed_at: 1,
      reason:
        'status escalated: never reached status escalated (reached: awaiting_user_reply, resolved, complete)',
    });
    expect(result.milestones.map((m) => m.passed)).toEqual([true, false, true]);
  });

  it('fails a milestone reached only before the one expected ahead of it', () => {
    const result = check([{ resolved: true }, { hitl_asked: [] }]);
    expect(result.failed_at).toBe(1);
    expect(result.milestones[1]!.reason).toBe(
      'reached at #5, before the milestone expected ahead of it (#8)',
    );
  });

  it('fails an absence anywhere in the conversation', () => {
    expect(check([{ csat_requested: false }]).reason).toBe('no CSAT request: CSAT requested at #10');
    expect(check([{ resolved: false }]).milestones[0]!.actual_index).toBe(7);
  });

  it('explains missing text with the last message', () => {
    expect(check([{ fin_says: { contains: 'declined' } }]).reason).toBe(
      'Fin says "declined": no message from Fin contains "declined" (the last one: "Good news — your refund of $12.50 has been approved.")',
    );
    expect(matchMilestones([{ fin_says: { matches: 'x' } }], []).reason).toBe(
      'Fin says /x/: no message from Fin matches /x/ (Fin said nothing)',
    );
  });

  it('explains a HITL step asking for other attributes, or none at all', () => {
    expect(check([{ hitl_asked: ['Seats'] }]).reason).toBe(
      'HITL step asking for Seats: no HITL step asking for Seats (steps asked for: [Approve Refund, Refund Reason])',
    );
    expect(matchMilestones([{ hitl_asked: [] }], []).reason).toBe('a HITL step: no HITL step was asked');
  });

  it('explains never escalated, resolved or rated', () => {
    const none: ActualMilestone[] = [{ kind: 'status', status: 'complete' }];
    expect(
      matchMilestones(
        [{ escalated: true }, { resolved: true }, { csat_requested: true }],
        none,
      ).milestones.map((m) => m.reason),
    ).toEqual(['was never escalated', 'was never resolved', 'no CSAT was requested']);
  });

  it('matches text only within its bounded prefix', () => {
    const long: ActualMilestone[] = [{ kind: 'fin_says', text: `${'a'.repeat(6000)}needle` }];
    expect(matchMilestones([{ fin_says: { contains: 'needle' } }], long).passed).toBe(false);
    expect(matchMilestones([{ fin_says: { contains: 'aaa' } }], long).passed).toBe(true);
  });
});
