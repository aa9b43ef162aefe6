import { describe, expect, it } from 'vitest';
import { freshDbPerSuite } from '../testing/harness';
import { insertApiCall, listApiCalls, listAudit, writeAudit } from './records';

describe('API call and audit records (group commit)', () => {
  const db = freshDbPerSuite();

  it('stores every one of many concurrent records, each resolved once stored, in the order they came', async () => {
    let statements = 0;
    const store = db();
    const counted: typeof store = {
      ...store,
      query: (sql, params) => (statements++, store.query(sql, params)),
    };
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
    // Batched: far fewer statements than records (the first of each kind goes alone).
    expect(statements).toBeLessThan(20);
    const calls = await listApiCalls(db(), 'rec-1');
    expect(calls).toHaveLength(40);
    // Newest first: the reverse of the order they were recorded in.
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
});
