import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FinEvent } from '@/lib/fin';
import { freshDbPerSuite } from '@/testing/server/harness';
import { getConversationRow } from './conversations';
import { appendEvents, getEvent, listEvents } from './events';
import { deliveryProcessed } from './records';

const T = '2026-01-01T10:00:00.000Z';
const chunk = (c: string, i: number): FinEvent => ({
  event_name: 'fin_reply_chunk',
  conversation_id: c,
  stream_id: 's',
  chunk_index: i,
  chunk_text: `part ${i}`,
  created_at_ms: T,
});
const status = (c: string, s: 'awaiting_user_reply' | 'complete', at: string): FinEvent => ({
  event_name: 'fin_status_updated',
  conversation_id: c,
  user_id: 'u1',
  status: s,
  created_at_ms: at,
});

describe('appendEvents (one statement per batch)', () => {
  const db = freshDbPerSuite();

  it('keeps per-conversation order, stores each key once, and creates unknown conversations', async () => {
    const input = (e: FinEvent) => ({ conversationId: e.conversation_id, source: 'sse' as const, event: e });
    const out = await appendEvents(db(), [
      input(chunk('b', 0)),
      input(chunk('a', 0)),
      input(chunk('b', 1)),
      input(chunk('b', 0)),
      input(chunk('a', 1)),
    ]);
    expect(out.map((r) => r && `${r.stored.conversation_id}${r.stored.seq}`)).toEqual([
      'b1',
      'a1',
      'b2',
      null,
      'a2',
    ]);
    expect((await listEvents(db(), 'b')).map((e) => e.key)).toEqual(['chunk:s:0', 'chunk:s:1']);
    expect((await getConversationRow(db(), 'a'))?.kind).toBe('external');
    expect(await appendEvents(db(), [input(chunk('a', 1))])).toEqual([null]);
    expect((await getEvent(db(), 'a', 2))?.key).toBe((await listEvents(db(), 'a'))[1]!.key);
    expect(await getEvent(db(), 'b', 9)).toBeNull();
  });

  it('never moves a status back, and reports a change only when the status changed', async () => {
    const input = (e: FinEvent) => ({ conversationId: 'c', source: 'webhook' as const, event: e });
    const out = await appendEvents(db(), [
      input(status('c', 'awaiting_user_reply', '2026-01-01T10:00:01.000Z')),
      input(status('c', 'complete', '2026-01-01T10:00:03.000Z')),
      input(status('c', 'awaiting_user_reply', '2026-01-01T10:00:02.000Z')),
    ]);
    // The row comes back only with a change: the first event created it already at that status.
    expect(out.map((r) => r?.conversation?.status ?? null)).toEqual([null, 'complete', null]);
    const row = await getConversationRow(db(), 'c');
    expect(row?.status).toBe('complete');
    expect(row?.last_seq).toBe(3);
    expect(out[1]?.conversation?.status_at?.toISOString()).toBe('2026-01-01T10:00:03.000Z');
    expect(out[1]?.conversation?.last_seq).toBe(2);
  });

  it('applies a batch spanning stored and new conversations as one event at a time would', async () => {
    const input = (c: string, e: FinEvent) => ({ conversationId: c, source: 'sse' as const, event: e });
    await appendEvents(db(), [input('m1', status('m1', 'awaiting_user_reply', '2026-01-01T10:00:00.000Z'))]);
    const out = await appendEvents(db(), [
      input('m2', chunk('m2', 0)),
      input('m1', status('m1', 'complete', '2026-01-01T10:00:01.000Z')),
      input('m1', chunk('m1', 0)),
      input('m1', status('m1', 'awaiting_user_reply', '2026-01-01T10:00:02.000Z')),
      input('m2', chunk('m2', 0)),
    ]);
    expect(out.map((r) => r && `${r.stored.conversation_id}:${r.stored.seq}`)).toEqual([
      'm2:1',
      'm1:2',
      'm1:3',
      'm1:4',
      null,
    ]);
    // Each change reports the row as its own event left it, not as the batch ended.
    expect(
      out.map((r) => (r?.conversation ? [r.conversation.status, r.conversation.last_seq] : null)),
    ).toEqual([null, ['complete', 2], null, ['awaiting_user_reply', 4], null]);
    expect(out[1]?.conversation?.status_at?.toISOString()).toBe('2026-01-01T10:00:01.000Z');
    const [m1, m2] = [await getConversationRow(db(), 'm1'), await getConversationRow(db(), 'm2')];
    expect([m1?.status, m1?.last_seq, m1?.status_at?.toISOString()]).toEqual([
      'awaiting_user_reply',
      4,
      '2026-01-01T10:00:02.000Z',
    ]);
    expect([m2?.kind, m2?.status, m2?.last_seq]).toEqual(['external', 'thinking', 1]);
    expect(new Set(out.flatMap((r) => (r ? [r.stored.received_at] : []))).size).toBe(1);
  });

  it('records the deliveries that brought events in the same statement, and none when the statement fails', async () => {
    const delivery = (id: string) => ({
      id,
      kind: 'fin' as const,
      topic: 'fin_reply_chunk',
      signatureOk: true,
      processed: true,
    });
    const out = await appendEvents(db(), [
      { conversationId: 'd', source: 'webhook', event: chunk('d', 0), delivery: delivery('fin_d0') },
      { conversationId: 'd', source: 'sse', event: chunk('d', 1) },
      { conversationId: 'd', source: 'webhook', event: chunk('d', 0), delivery: delivery('fin_d0_again') },
    ]);
    expect(out.map((r) => r?.stored.seq ?? null)).toEqual([1, 2, null]);
    expect(await deliveryProcessed(db(), 'fin_d0')).toBe(true);
    expect(await deliveryProcessed(db(), 'fin_d0_again')).toBe(true);
    // An event the store refuses (a key past the index limit) fails the batch: its delivery is not marked.
    await expect(
      appendEvents(db(), [
        {
          conversationId: 'd',
          source: 'webhook',
          event: chunk('d', 2),
          key: randomBytes(8000).toString('hex'),
          delivery: delivery('fin_d2'),
        },
      ]),
    ).rejects.toThrow();
    expect(await deliveryProcessed(db(), 'fin_d2')).toBe(false);
    expect((await listEvents(db(), 'd')).map((e) => e.seq)).toEqual([1, 2]);
  });
});
