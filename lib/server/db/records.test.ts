import { describe, expect, it } from 'vitest';
import { countingStore, freshDbPerSuite } from '@/testing/server/harness';
import { recordConversation } from './events';
import {
  deliveryProcessed,
  insertApiCall,
  listApiCalls,
  listAudit,
  recordDelivery,
  writeAudit,
} from './records';

describe('API call and audit records (group commit)', () => {
  const db = freshDbPerSuite();

  it('stores many concurrent API calls and audit entries together, each kind in the order it came', async () => {
    const { counted, statements } = countingStore(db());
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        Promise.all([
          insertApiCall(counted, {
            conversation_id: 'rec-1',
            method: 'POST',
            url: `/fin/reply?n=${i}`,
            request_body: { n: i, text: 'nul \u0000 byte' },
            status: 200,
            response_body: { ok: true },
            duration_ms: 1.4,
          }),
          writeAudit(counted, { actor: 'Alice', action: 'reply', target: 'rec-1', detail: { n: i } }),
        ]),
      ),
    );
    // One statement for both kinds: the first record alone, the other 79 together.
    expect(statements()).toBeLessThanOrEqual(2);
    const calls = await listApiCalls(db(), 'rec-1');
    expect(calls).toHaveLength(40);
    expect(calls.map((c) => (c.request_body as { n: number }).n)).toEqual(
      Array.from({ length: 40 }, (_, i) => 39 - i),
    );
    expect(calls[0]).toMatchObject({ method: 'POST', status: 200, duration_ms: 1 });
    expect((calls[0]!.request_body as { text: string }).text).toBe('nul \ufffd byte');
    const audit = await listAudit(db(), 'rec-1');
    expect(audit.map((a) => (a.detail as { n: number }).n)).toEqual(
      Array.from({ length: 40 }, (_, i) => 39 - i),
    );
  });

  it("writes cycles' recorded answers in the same statements as their API calls and audit entries", async () => {
    const { counted, statements } = countingStore(db());
    const ids = Array.from({ length: 10 }, (_, i) => `cycle-${9 - i}`);
    const answers = await Promise.all(
      ids.map((id) =>
        Promise.all([
          insertApiCall(counted, {
            conversation_id: id,
            method: 'POST',
            url: '/fin/start',
            request_body: null,
            status: 200,
            response_body: null,
            duration_ms: 3,
          }),
          recordConversation(
            counted,
            {
              id,
              kind: 'start',
              user: { id: 'u' },
              status: 'thinking',
              status_at: null,
              sse_url: `https://fin.test/${id}`,
            },
            [
              {
                event_name: 'console_user_message',
                body: 'hi',
                author: 'user',
                created_at_ms: new Date().toISOString(),
              },
            ],
          ),
          writeAudit(counted, { actor: 'Alice', action: 'start', target: id }),
        ]),
      ),
    );
    // Thirty writes: the first alone, the other 29 together.
    expect(statements()).toBeLessThanOrEqual(2);
    answers.forEach(([, recorded], i) => {
      expect(recorded.row).toMatchObject({ id: ids[i], stream_state: 'connecting', last_seq: 1 });
      expect(recorded.appended.map((a) => a.stored.seq)).toEqual([1]);
    });
    for (const id of ids) {
      expect(await listApiCalls(db(), id)).toHaveLength(1);
      expect(await listAudit(db(), id)).toHaveLength(1);
    }
  });

  it('records many concurrent webhook deliveries in a few statements, one row per id, a processed mark kept', async () => {
    const { counted, statements } = countingStore(db());
    const record = (id: string, processed: boolean) =>
      recordDelivery(counted, { id, kind: 'app', topic: 't', signatureOk: true, processed });
    // A retried delivery arriving with its first copy, in either order, lands in the same batch.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => [
        record(`dlv-${i}`, i % 2 === 0),
        record(`dlv-${i}`, i % 3 === 0),
      ]).flat(),
    );
    expect(statements()).toBeLessThan(15);
    for (let i = 0; i < 30; i++) {
      expect(await deliveryProcessed(db(), `dlv-${i}`)).toBe(i % 2 === 0 || i % 3 === 0);
    }
    await record('dlv-0', false);
    expect(await deliveryProcessed(db(), 'dlv-0')).toBe(true);
    const rows = await db().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_deliveries WHERE id LIKE 'dlv-%'",
    );
    expect(rows[0]!.n).toBe(30);
  });
});
