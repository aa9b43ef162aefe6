import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDbPerSuite, TEST_DATABASE_URL, waitFor } from '@/testing/server/harness';
import { openPostgres } from './postgres';

describe.skipIf(!TEST_DATABASE_URL)('Postgres notices (batched NOTIFY)', () => {
  const db = freshDbPerSuite();

  it('delivers every one of many concurrent notices, in the order they were sent', async () => {
    const pubsub = db().pubsub!;
    const channel = `order_${process.pid}`;
    const got: string[] = [];
    const stop = await pubsub.listen(channel, (payload) => got.push(payload));
    const sent = Array.from({ length: 200 }, (_, i) => JSON.stringify({ n: i }));
    await Promise.all(sent.map((payload) => pubsub.notify(channel, payload)));
    await waitFor(() => got.length >= sent.length, 10_000);
    expect(got).toEqual(sent);
    await stop();
  });

  it("packs notices into few NOTIFYs yet hands each over alone, large ones and an older sender's included", async () => {
    // NOTIFY is per database: the store and the session watching the wire share one.
    const store = await openPostgres(TEST_DATABASE_URL!);
    const pubsub = store.pubsub!;
    const channel = `packs_${process.pid}`;
    const got: string[] = [];
    const raw: string[] = [];
    const stop = await pubsub.listen(channel, (payload) => got.push(payload));
    // What crossed the wire: a second session listening on the same channel sees the packs.
    const spy = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await spy.connect();
    spy.on('notification', (m) => raw.push(m.payload ?? ''));
    await spy.query(`LISTEN ${channel}`);
    const sent = [
      ...Array.from({ length: 300 }, (_, i) => JSON.stringify({ n: i })),
      'y'.repeat(7000),
      JSON.stringify({ quote: '"\\\n', é: 'é' }),
    ];
    await Promise.all(sent.map((payload) => pubsub.notify(channel, payload)));
    await spy.query('SELECT pg_notify($1, $2)', [channel, '{"from":"an older instance"}']);
    await waitFor(() => got.length >= sent.length + 1 && raw.length > 1, 10_000);
    expect(got).toEqual([...sent, '{"from":"an older instance"}']);
    // 302 notices and the older instance's payload, in a handful of NOTIFYs.
    expect(raw.length).toBeLessThan(10);
    expect(raw.at(-1)).toBe('{"from":"an older instance"}');
    await spy.end();
    await stop();
    await store.close();
  });
});
