import { describe, expect, it } from 'vitest';
import { freshDbPerSuite, TEST_DATABASE_URL, waitFor } from '../testing/harness';

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
});
