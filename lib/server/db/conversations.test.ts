import { describe, expect, it } from 'vitest';
import type { FinStatus } from '@/lib/fin';
import { countingStore, freshDbPerSuite } from '@/testing/server/harness';
import { getConversationRow } from './conversations';
import { appendEvents, listEvents, recordConversation, type RecordConversationInput } from './events';

const at = (iso: string) => new Date(iso);
let n = 0;

describe('recordConversation (one statement: the row, its status rules and the notes)', () => {
  const db = freshDbPerSuite();

  const input = (
    id: string,
    status: FinStatus,
    stamp: string | null,
    more: Partial<RecordConversationInput> = {},
  ) => ({
    id,
    kind: 'procedure' as const,
    user: { id: 'u1' },
    status,
    status_at: stamp === null ? null : at(stamp),
    ...more,
  });
  /** A conversation whose current status is `status`, stamped `stamp`. */
  const seeded = async (status: FinStatus, stamp: string | null) => {
    const id = `rc-${++n}`;
    await recordConversation(db(), input(id, status, stamp));
    return id;
  };
  const statusOf = async (id: string) => (await getConversationRow(db(), id))?.status;

  it('applies newer updates and ignores older ones (reordered webhooks)', async () => {
    const id = await seeded('complete', '2025-01-24T10:00:00.500Z');
    await recordConversation(db(), input(id, 'replying', '2025-01-24T10:00:00.100Z'));
    expect(await statusOf(id)).toBe('complete');
    const other = await seeded('replying', '2025-01-24T10:00:00.100Z');
    await recordConversation(db(), input(other, 'complete', '2025-01-24T10:00:00.500Z'));
    expect(await statusOf(other)).toBe('complete');
  });

  it('breaks same-instant ties by lifecycle order, unless a reply opened a new cycle', async () => {
    const t = '2025-01-24T10:00:00.000Z';
    const a = await seeded('complete', t);
    await recordConversation(db(), input(a, 'resolved', t));
    expect(await statusOf(a)).toBe('complete');
    const b = await seeded('resolved', t);
    await recordConversation(db(), input(b, 'complete', t));
    expect(await statusOf(b)).toBe('complete');
    const c = await seeded('awaiting_user_reply', t);
    await recordConversation(db(), input(c, 'thinking', t));
    expect(await statusOf(c)).toBe('awaiting_user_reply');
    await recordConversation(db(), input(c, 'thinking', t, { newCycle: true }));
    expect(await statusOf(c)).toBe('thinking');
  });

  it('applies when either side has no usable time', async () => {
    const id = await seeded('complete', null);
    await recordConversation(db(), input(id, 'thinking', '2025-01-01T00:00:00Z'));
    expect(await statusOf(id)).toBe('thinking');
  });

  it('merges into a row webhooks created first, keeps what the answer leaves out, and marks a new stream connecting', async () => {
    const id = `rc-${++n}`;
    await appendEvents(db(), [
      {
        conversationId: id,
        source: 'webhook',
        event: {
          event_name: 'fin_status_updated',
          conversation_id: id,
          user_id: 'u1',
          status: 'awaiting_user_reply',
          created_at_ms: '2025-01-24T10:00:01.000Z',
        },
      },
    ]);
    expect((await getConversationRow(db(), id))?.kind).toBe('external');
    const warnings = { user: { attributes: { plan: 'unknown attribute' } } };
    const { row } = await recordConversation(
      db(),
      input(id, 'thinking', '2025-01-24T10:00:00.000Z', {
        procedure_id: 'p1',
        procedure_name: 'Refunds',
        intercom_conversation_id: '123',
        sse_url: 'http://127.0.0.1:1/stream-1',
        warnings,
      }),
    );
    expect(row).toMatchObject({
      kind: 'procedure',
      status: 'awaiting_user_reply',
      procedure_name: 'Refunds',
      intercom_conversation_id: '123',
      sse_url: 'http://127.0.0.1:1/stream-1',
      stream_state: 'connecting',
      warnings,
      last_seq: 1,
    });
    // A later answer without those fields keeps them; with no URL the stream state is left alone.
    await db().query(`UPDATE conversations SET stream_state = 'live' WHERE id = $1`, [id]);
    const { row: again } = await recordConversation(db(), input(id, 'complete', '2025-01-24T10:00:02.000Z'));
    expect(again).toMatchObject({
      procedure_id: 'p1',
      procedure_name: 'Refunds',
      intercom_conversation_id: '123',
      sse_url: 'http://127.0.0.1:1/stream-1',
      stream_state: 'live',
      warnings,
      status: 'complete',
    });
  });

  it('appends the notes after the row, in order, and returns the row as it stands after them', async () => {
    const id = `rc-${++n}`;
    const note = (body: string) => ({
      event_name: 'console_user_message' as const,
      body,
      author: 'user' as const,
      created_at_ms: '2025-01-24T10:00:00.000Z',
    });
    const { row, appended } = await recordConversation(
      db(),
      input(id, 'thinking', '2025-01-24T10:00:00.000Z'),
      [note('first'), note('second')],
    );
    expect(appended.map((a) => [a.stored.seq, a.stored.source])).toEqual([
      [1, 'console'],
      [2, 'console'],
    ]);
    expect(row.last_seq).toBe(2);
    expect((await listEvents(db(), id)).map((e) => (e.event as { body: string }).body)).toEqual([
      'first',
      'second',
    ]);
  });

  it('records many at once in a few statements, each caller getting its own row and notes, in order', async () => {
    const { counted, statements } = countingStore(db());
    const ids = Array.from({ length: 15 }, () => `rc-${++n}`);
    const note = (body: string) => ({
      event_name: 'console_user_message' as const,
      body,
      author: 'Dana',
      created_at_ms: '2025-01-24T10:00:00.000Z',
    });
    // Each conversation twice in flight (the second a newer status), with a note each time.
    const results = await Promise.all(
      ids.flatMap((id) => [
        recordConversation(counted, input(id, 'replying', '2025-01-24T10:00:00.100Z'), [note(`${id} first`)]),
        recordConversation(counted, input(id, 'complete', '2025-01-24T10:00:00.500Z'), [
          note(`${id} second`),
        ]),
      ]),
    );
    expect(statements()).toBeLessThan(8);
    ids.forEach((id, k) => {
      const [first, second] = [results[2 * k]!, results[2 * k + 1]!];
      expect(first.row.id).toBe(id);
      expect(first.row.status).toBe('replying');
      expect(second.row.status).toBe('complete');
      expect(first.appended.map((a) => a.stored.seq)).toEqual([1]);
      expect(second.appended.map((a) => a.stored.seq)).toEqual([2]);
    });
    for (const id of ids) {
      expect(await statusOf(id)).toBe('complete');
      expect((await listEvents(db(), id)).map((e) => (e.event as { body: string }).body)).toEqual([
        `${id} first`,
        `${id} second`,
      ]);
    }
  });
});
