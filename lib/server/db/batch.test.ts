import { describe, expect, it } from 'vitest';
import { countingStore, freshDbPerSuite } from '@/testing/server/harness';
import { uniqueRounds } from './batch';
import { getConversationRow } from './conversations';
import { appendEvents } from './events';
import { takeLease } from './records';

describe('uniqueRounds', () => {
  it('puts each key once per round, after the rounds holding its earlier calls', () => {
    const keys = ['a', 'b', 'a', 'c', 'a', 'b', 'd'];
    const rounds = uniqueRounds(keys, (k) => k).map((r) => r.map(({ item, i }) => `${item}${i}`));
    expect(rounds).toEqual([['a0', 'b1', 'c3', 'd6'], ['a2', 'b5'], ['a4']]);
    expect(uniqueRounds([], (k: string) => k)).toEqual([]);
  });
});

describe('batched follower statements (group commit)', () => {
  const db = freshDbPerSuite();

  const ids = Array.from({ length: 20 }, (_, i) => `batch-${i}`);
  const seed = async () => {
    await db().query(
      `INSERT INTO conversations (id, kind, user_json, status, sse_url)
       SELECT id, 'procedure', '{}'::jsonb, 'replying', 'https://fin.test/stream/' || id FROM unnest($1::text[]) AS id
       ON CONFLICT (id) DO NOTHING`,
      [ids],
    );
  };

  it('reads many rows at once, each caller getting its own (or null)', async () => {
    await seed();
    const { counted, statements } = countingStore(db());
    const asked = [...ids, ...ids, 'batch-missing'];
    const rows = await Promise.all(asked.map((id) => getConversationRow(counted, id)));
    expect(rows.map((r) => r?.id ?? null)).toEqual([...ids, ...ids, null]);
    expect(statements()).toBeLessThan(5);
  });

  const event = (id: string, key: string) => ({
    conversationId: id,
    source: 'sse' as const,
    event: { event_name: 'fin_status_updated' as const, conversation_id: id, status: 'replying' },
    key,
  });

  it('reads where a timeline stands after the events sent before the question', async () => {
    await seed();
    const { counted, statements } = countingStore(db());
    const read = (id: string) => ({ conversationId: id, read: 'last_seq' as const });
    const [before, , , after, nobody] = await appendEvents(counted, [
      read('batch-1'),
      event('batch-1', 'r-1'),
      event('batch-1', 'r-2'),
      read('batch-1'),
      read('batch-nobody'),
    ]);
    const seqOf = (r: unknown) => (r as { lastSeq: number }).lastSeq;
    expect(seqOf(after)).toBe(seqOf(before) + 2);
    expect(nobody).toMatchObject({ stored: null, conversation: null, lastSeq: 0 });
    expect(await getConversationRow(db(), 'batch-nobody')).toBeNull();
    expect(statements()).toBe(1);
  });

  it('applies stream states in the order given, with events, a row only for a change that took', async () => {
    await seed();
    const { counted, statements } = countingStore(db());
    const url = (id: string) => `https://fin.test/stream/${id}`;
    const answers = await appendEvents(
      counted,
      ids.flatMap((id) => [
        { conversationId: id, state: 'live' as const, url: url(id) },
        { conversationId: id, state: 'live' as const, url: url(id) },
        event(id, `k-${id}`),
        { conversationId: id, state: 'closed' as const, url: url(id) },
        { conversationId: id, state: 'reconnecting' as const, url: 'https://fin.test/old' },
      ]),
    );
    for (let i = 0; i < ids.length; i++) {
      const [live, again, appended, closed, stale] = answers.slice(i * 5, i * 5 + 5);
      expect(live).toMatchObject({ stored: null, conversation: { id: ids[i], stream_state: 'live' } });
      expect(again).toBeNull();
      expect(appended?.stored).toMatchObject({ key: `k-${ids[i]}` });
      expect(closed?.conversation).toMatchObject({ stream_state: 'closed', last_seq: appended?.stored?.seq });
      expect(stale).toBeNull();
      expect((await getConversationRow(db(), ids[i]!))?.stream_state).toBe('closed');
    }
    expect(statements()).toBe(1);
  });

  it('gives a lease to its holder only, however many ask at once', async () => {
    await seed();
    const { counted, statements } = countingStore(db());
    const asks = ids.flatMap((id) => [
      takeLease(counted, id, 'instance-a', 30_000),
      takeLease(counted, id, 'instance-a', 30_000),
      takeLease(counted, id, 'instance-b', 30_000),
    ]);
    const answers = await Promise.all(asks);
    for (let i = 0; i < ids.length; i++) expect(answers.slice(i * 3, i * 3 + 3)).toEqual([true, true, false]);
    expect(statements()).toBeLessThan(10);
    // A lapsed lease goes to whoever asks.
    await db().query(
      "UPDATE stream_leases SET expires_at = now() - interval '1 second' WHERE conversation_id = $1",
      [ids[0]],
    );
    expect(await takeLease(db(), ids[0]!, 'instance-b', 30_000)).toBe(true);
    expect(await takeLease(db(), ids[0]!, 'instance-a', 30_000)).toBe(false);
  });
});
