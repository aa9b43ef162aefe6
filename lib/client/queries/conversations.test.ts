import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conversation, StoredEvent } from '@/lib/console/types';
import {
  acknowledge,
  addLiveEvent,
  cleanFilters,
  conversationKeys,
  conversationQueries,
  lastSeq,
  mergeDetail,
  mergeEvents,
} from './conversations';

const e = (seq: number): StoredEvent => ({
  seq,
  conversation_id: 'c',
  key: `k${seq}`,
  source: 'sse',
  event: {
    event_name: 'fin_status_updated',
    conversation_id: 'c',
    user_id: 'u',
    status: 'complete',
    created_at_ms: '2026-01-01T00:00:00Z',
  },
  received_at: '2026-01-01T00:00:00Z',
});
const conv = (updated_at: string, status: Conversation['status']): Conversation => ({
  id: 'c',
  kind: 'procedure',
  procedure_id: '1',
  procedure_name: 'P',
  user: { id: 'u' },
  status,
  intercom_conversation_id: null,
  stream_state: 'live',
  warnings: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at,
});

describe('mergeEvents', () => {
  it('unites by seq, in order, without duplicates', () => {
    expect(mergeEvents([e(1), e(3)], [e(2), e(3), e(4), e(4)]).map((x) => x.seq)).toEqual([1, 2, 3, 4]);
  });
  it('returns the same array when nothing is new', () => {
    const current = [e(1), e(2)];
    expect(mergeEvents(current, [e(2)])).toBe(current);
  });
  it('finds the last seq', () => expect(lastSeq([e(4), e(9), e(2)])).toBe(9));
});

describe('events relayed live (fin_live)', () => {
  const { seq: _seq, ...live5 } = e(5);

  it('show after the stored events until their stored copy replaces them', () => {
    const withLive = addLiveEvent([e(1), e(2)], live5);
    expect(withLive.map((x) => x.key)).toEqual(['k1', 'k2', 'k5']);
    expect(lastSeq(withLive)).toBe(2);
    const stored = mergeEvents(withLive, [e(3), e(5)]);
    expect(stored.map((x) => [x.seq, x.key])).toEqual([
      [1, 'k1'],
      [2, 'k2'],
      [3, 'k3'],
      [5, 'k5'],
    ]);
  });

  it('take the seq and time of their acknowledgement, keeping what was sent live', () => {
    const withLive = addLiveEvent([e(1), e(2)], live5);
    const acked = acknowledge(withLive, { key: 'k5', seq: 3, received_at: '2026-01-01T00:00:09Z' })!;
    expect(acked.map((x) => [x.seq, x.key])).toEqual([
      [1, 'k1'],
      [2, 'k2'],
      [3, 'k5'],
    ]);
    expect(acked[2]).toMatchObject({ event: live5.event, received_at: '2026-01-01T00:00:09Z' });
    expect(lastSeq(acked)).toBe(3);
    // Already stored: nothing to do. Never held: the caller fetches it.
    expect(acknowledge(acked, { key: 'k5', seq: 3, received_at: 'x' })).toBe(acked);
    expect(acknowledge(acked, { key: 'k9', seq: 9, received_at: 'x' })).toBeNull();
  });

  it('are not added again once held, live or stored', () => {
    const stored = [e(1), e(5)];
    expect(addLiveEvent(stored, live5)).toBe(stored);
    const once = addLiveEvent([e(1)], live5);
    expect(addLiveEvent(once, live5)).toBe(once);
  });

  it('survive a refetch that does not hold them yet, and give way to one that does', () => {
    const cached = {
      conversation: conv('2026-01-01T00:00:05Z', 'complete'),
      events: addLiveEvent([e(1)], live5),
    };
    const before = mergeDetail(cached, { conversation: cached.conversation, events: [e(1)] });
    expect(before.events.map((x) => x.key)).toEqual(['k1', 'k5']);
    const after = mergeDetail(cached, { conversation: cached.conversation, events: [e(1), e(5)] });
    expect(after.events.map((x) => [x.seq, x.key])).toEqual([
      [1, 'k1'],
      [5, 'k5'],
    ]);
  });
});

describe('mergeDetail', () => {
  it('keeps events the stream added after the fetch, and the fresher conversation', () => {
    const cached = { conversation: conv('2026-01-01T00:00:05Z', 'complete'), events: [e(1), e(2), e(3)] };
    const fetched = { conversation: conv('2026-01-01T00:00:03Z', 'thinking'), events: [e(1), e(2)] };
    const merged = mergeDetail(cached, fetched);
    expect(merged.events.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(merged.conversation.status).toBe('complete');
  });
});

describe('the detail query', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps an event the stream delivered while a refetch was in flight', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const key = conversationKeys.detail('c');
    qc.setQueryData(key, { conversation: conv('2026-01-01T00:00:01Z', 'complete'), events: [e(1)] });
    let answer!: (r: Response) => void;
    const fetchStub = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetchStub);
    const refetch = qc.fetchQuery({ ...conversationQueries.detail('c'), staleTime: 0 });
    await vi.waitFor(() => expect(fetchStub).toHaveBeenCalledOnce());
    // The stream writes seq 3 while the request is out; the answer was read before it was stored.
    qc.setQueryData(key, { conversation: conv('2026-01-01T00:00:03Z', 'escalated'), events: [e(1), e(3)] });
    const body = { conversation: conv('2026-01-01T00:00:02Z', 'escalated'), events: [e(1), e(2)] };
    answer(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
    const merged = await refetch;
    expect(merged.events.map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(qc.getQueryData<typeof body>(key)?.events.map((x) => x.seq)).toEqual([1, 2, 3]);
  });
});

describe('cleanFilters', () => {
  it('drops empty values so equal filters share a key', () => {
    expect(cleanFilters({ status: undefined, procedure_id: '', q: '  ' })).toEqual({});
    expect(cleanFilters({ q: ' conv-1 ' })).toEqual({ q: 'conv-1' });
  });
});
