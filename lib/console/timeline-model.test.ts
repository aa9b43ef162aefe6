import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/console/types';
import { driftOf } from './event-drift';
import { buildTimeline, openingMessage, seenStatuses, warningLines } from './timeline-model';

let n = 0;
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();
function ev(seq: number, event: StoredEvent['event'], key = `k${seq}-${n++}`): StoredEvent {
  return { seq, conversation_id: 'c1', key, source: 'sse', event, received_at: at(seq) };
}
const chunk = (seq: number, stream: string, index: number, text: string) =>
  ev(seq, {
    event_name: 'fin_reply_chunk',
    conversation_id: 'c1',
    stream_id: stream,
    chunk_index: index,
    chunk_text: text,
    status: 'replying',
    created_at_ms: at(seq),
  });
const replied = (seq: number, body: string, stream?: string, id = `m${seq}`) =>
  ev(
    seq,
    {
      event_name: 'fin_replied',
      conversation_id: 'c1',
      user_id: 'u1',
      message: { id, author: 'fin', body, timestamp_ms: at(seq) },
      status: 'replying',
      ...(stream ? { stream_id: stream } : {}),
      created_at_ms: at(seq),
    },
    `reply:${id}`,
  );
const status = (
  seq: number,
  s: 'awaiting_user_reply' | 'escalated' | 'resolved' | 'complete',
  reason?: string,
) =>
  ev(seq, {
    event_name: 'fin_status_updated',
    conversation_id: 'c1',
    user_id: 'u1',
    status: s,
    ...(reason ? { reason } : {}),
    created_at_ms: at(seq),
  });

describe('buildTimeline', () => {
  it('orders by seq whatever order the events arrive in', () => {
    const t = buildTimeline([status(3, 'complete'), replied(1, '<p>a</p>'), status(2, 'resolved')]);
    expect(t.items.map((i) => i.seq)).toEqual([1, 2, 3]);
  });

  it('counts an event once when it comes twice (same seq or same key)', () => {
    const a = replied(1, '<p>hello</p>');
    const again = { ...replied(5, '<p>hello</p>'), key: a.key };
    const t = buildTimeline([a, a, again]);
    expect(t.items).toHaveLength(1);
  });

  it('collapses chunks of one stream into a draft holding the latest cumulative text', () => {
    const t = buildTimeline([
      chunk(1, 's1', 0, 'Hel'),
      chunk(2, 's1', 1, 'Hello wo'),
      chunk(3, 's1', 2, 'Hello world'),
    ]);
    expect(t.items).toEqual([
      expect.objectContaining({ kind: 'fin-draft', text: 'Hello world', streamId: 's1', chunkIndex: 2 }),
    ]);
  });

  it('never lets an older chunk overwrite a newer one', () => {
    const t = buildTimeline([
      chunk(1, 's1', 0, 'Hel'),
      chunk(2, 's1', 2, 'Hello world'),
      chunk(3, 's1', 1, 'Hello wo'),
    ]);
    expect(t.items[0]).toMatchObject({ text: 'Hello world', chunkIndex: 2 });
  });

  it('replaces the draft in place with the final HTML and drops chunks that come after it', () => {
    const t = buildTimeline([
      chunk(1, 's1', 0, 'Hi'),
      status(2, 'awaiting_user_reply'),
      replied(3, '<p>Hi there</p>', 's1'),
      chunk(4, 's1', 1, 'Hi th'),
    ]);
    expect(t.items.map((i) => i.kind)).toEqual(['fin', 'status']);
    expect(t.items[0]).toMatchObject({ kind: 'fin', html: '<p>Hi there</p>', seq: 1 });
  });

  it('keeps separate streams apart', () => {
    const t = buildTimeline([
      chunk(1, 's1', 0, 'one'),
      replied(2, '<p>one</p>', 's1'),
      chunk(3, 's2', 0, 'two'),
    ]);
    expect(t.items.map((i) => i.kind)).toEqual(['fin', 'fin-draft']);
  });

  it('marks a HITL pause answered and lists only the open ones', () => {
    const t = buildTimeline([
      ev(1, {
        event_name: 'console_hitl_pending',
        step_id: 'st1',
        hitl_question: 'Approve?',
        created_at_ms: at(1),
      }),
      ev(2, {
        event_name: 'console_hitl_pending',
        step_id: 'st2',
        hitl_question: 'Seats?',
        created_at_ms: at(2),
      }),
      ev(3, {
        event_name: 'console_hitl_answered',
        step_id: 'st1',
        answered_by: 'Alex',
        created_at_ms: at(3),
      }),
    ]);
    expect(t.items[0]).toMatchObject({ kind: 'hitl', stepId: 'st1', answeredBy: 'Alex' });
    expect(t.pendingHitl).toEqual([{ stepId: 'st2', question: 'Seats?' }]);
  });

  it('offers CSAT until the console records a rating', () => {
    const options = [
      { key: 'bad' as const, emoji: '🙁', label: 'Bad' },
      { key: 'amazing' as const, emoji: '🤩', label: 'Amazing' },
    ];
    const requested = ev(1, {
      event_name: 'csat_requested',
      conversation_id: 'c1',
      user_id: 'u1',
      csat: { options },
      created_at_ms: at(1),
    });
    expect(buildTimeline([requested]).csatOffer).toEqual(options);
    const rated = buildTimeline([
      requested,
      ev(2, {
        event_name: 'console_csat_submitted',
        rating: 'amazing',
        remark: 'quick',
        created_at_ms: at(2),
      }),
    ]);
    expect(rated.csatOffer).toBeNull();
    expect(rated.csat).toEqual({ rating: 'amazing', remark: 'quick' });
    expect(rated.csatOptions).toEqual(options);
  });

  it('shows attribute warnings only when there are some', () => {
    const t = buildTimeline([
      ev(1, { event_name: 'console_attribute_warnings', errors: {}, created_at_ms: at(1) }),
      ev(2, {
        event_name: 'console_attribute_warnings',
        errors: { conversation: { attributes: { bad: "Conversation attribute 'bad' does not exist" } } },
        created_at_ms: at(2),
      }),
    ]);
    expect(t.items).toHaveLength(1);
    expect(warningLines(t.items[0]?.kind === 'warnings' ? t.items[0].errors : null)).toEqual([
      "conversation attribute bad: Conversation attribute 'bad' does not exist",
    ]);
  });

  it('ignores event names it does not know', () => {
    const unknown = ev(1, {
      event_name: 'fin_something_new',
      created_at_ms: at(1),
    } as unknown as StoredEvent['event']);
    expect(buildTimeline([unknown, status(2, 'complete')]).items.map((i) => i.kind)).toEqual(['status']);
  });
});

describe('events off the contract', () => {
  it('shows an event it cannot read as its JSON, marked with how it differs', () => {
    const data = { event_name: 'fin_thought_shared', conversation_id: 'c1', thought: 'hm' };
    const t = buildTimeline(
      [
        ev(1, {
          event_name: 'fin_other_event',
          conversation_id: 'c1',
          name: 'fin_thought_shared',
          created_at_ms: null,
          data,
        }),
      ],
      null,
      driftOf,
    );
    expect(t.items).toEqual([
      expect.objectContaining({
        kind: 'other',
        name: 'fin_thought_shared',
        json: JSON.stringify(data, null, 2),
        at: at(1),
        drift: [expect.objectContaining({ path: 'event_name', received: '"fin_thought_shared"' })],
      }),
    ]);
  });

  it('keeps a new status and nulls, marking the item; documented events carry no mark', () => {
    const t = buildTimeline(
      [
        ev(1, {
          event_name: 'fin_status_updated',
          conversation_id: 'c1',
          user_id: null,
          status: 'paused',
          created_at_ms: at(1),
        }),
        replied(2, '<p>ok</p>'),
      ],
      null,
      driftOf,
    );
    expect(t.items[0]).toMatchObject({ kind: 'status', status: 'paused' });
    expect(t.items[0]?.drift?.map((d) => d.path).sort()).toEqual(['status', 'user_id']);
    expect(t.items[1]?.drift).toBeUndefined();
    expect(
      buildTimeline([ev(1, { event_name: 'fin_status_updated', conversation_id: 'c1', status: 'paused' })])
        .items[0]?.drift,
    ).toBeUndefined();
    const paused = ev(1, { event_name: 'fin_status_updated', conversation_id: 'c1', status: 'paused' });
    expect(seenStatuses([paused], 'thinking')).toEqual(new Set(['thinking']));
  });

  it('offers only the survey options whose key the console can send back', () => {
    const t = buildTimeline([
      ev(1, {
        event_name: 'csat_requested',
        conversation_id: 'c1',
        csat: { options: [{ key: 'good' }, { key: 'meh', label: 'Meh', emoji: '😐' }] },
      }),
    ]);
    expect(t.csatOffer).toEqual([{ key: 'good', emoji: '', label: 'good' }]);
  });
});

describe('openingMessage', () => {
  const call = (url: string, created_at: string, body: unknown, status = 200) => ({
    id: url + created_at,
    conversation_id: 'c1',
    method: 'POST',
    url,
    request_body: body,
    status,
    response_body: {},
    duration_ms: 5,
    created_at,
  });

  it('takes the first successful ask or run call with a message', () => {
    const calls = [
      call('http://sim/fin/reply', at(9), { message: { author: 'user', body: 'later' } }),
      call('http://sim/fin/procedures/41001/run', at(2), {
        message: { author: 'user', body: 'Refund please' },
      }),
      call(
        'http://sim/fin/procedures/41001/run',
        at(1),
        { message: { author: 'user', body: 'failed try' } },
        400,
      ),
    ];
    expect(openingMessage(calls)).toEqual({ body: 'Refund please', author: 'user', at: at(2) });
  });

  it('is null for a run without a trigger message', () => {
    expect(
      openingMessage([call('http://sim/fin/procedures/1/run', at(1), { user: { id: 'u' } })]),
    ).toBeNull();
  });

  it('leads the timeline unless the log already holds it', () => {
    const opening = { body: 'Hi', author: 'user', at: at(0) };
    expect(buildTimeline([replied(1, '<p>a</p>')], opening).items.map((i) => i.kind)).toEqual([
      'user',
      'fin',
    ]);
    const logged = ev(1, {
      event_name: 'console_user_message',
      body: 'Hi',
      author: 'user',
      created_at_ms: at(1),
    });
    expect(buildTimeline([logged], opening).items).toHaveLength(1);
  });
});

describe('seenStatuses', () => {
  it('collects statuses from status updates and legacy awaiting replies', () => {
    const legacy = replied(2, '<p>q</p>');
    (legacy.event as { status: string }).status = 'awaiting_user_reply';
    expect([...seenStatuses([status(1, 'resolved'), legacy], 'complete')].sort()).toEqual(
      ['awaiting_user_reply', 'complete', 'resolved'].sort(),
    );
  });
});
