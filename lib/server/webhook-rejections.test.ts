import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listRejections } from './db/records';
import {
  countingStore,
  freshDbPerSuite,
  realtime,
  startHarness,
  type Harness,
} from '@/testing/server/harness';
import {
  noteRejection,
  REJECTION_SAMPLES,
  REJECTION_STORE_MS,
  storeRejections,
  webhookRejections,
} from './webhook-rejections';

const count = (db: Parameters<typeof listRejections>[0], table: string, where = 'true') =>
  db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`).then((r) => r[0]!.n);

describe('a flood of badly signed webhooks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ webhooks: false, env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => h?.close());

  it('is counted and sampled: a bounded number of rows and log lines, every refusal counted', async () => {
    const db = (await h.ctx()).db;
    const warn = vi.spyOn(console, 'warn');
    const N = 300;
    const statuses: number[] = [];
    for (let i = 0; i < N; i++) {
      const raw = JSON.stringify({ n: i });
      const signature: Record<string, string> = [
        {},
        { 'x-fin-agent-api-webhook-signature': `sha256=${'0'.repeat(64)}` },
        { 'x-hub-signature': `sha1=${createHmac('sha1', 'not-the-secret').update(raw).digest('hex')}` },
      ][i % 3]!;
      const res = await realtime(
        new Request('http://console.test/api/webhooks/intercom', {
          method: 'POST',
          body: raw,
          // A different sender each time, so no per-address limit keeps them from the store.
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `10.7.${i >> 8}.${i & 255}`,
            ...signature,
          },
        }),
      );
      statuses.push(res.status);
    }
    const logged = warn.mock.calls.filter((c) => String(c[0]).includes('Rejected a webhook')).length;
    warn.mockRestore();

    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(await count(db, 'webhook_deliveries', 'signature_ok = false')).toBe(0);
    expect(await count(db, 'webhook_rejections')).toBeLessThanOrEqual(3);
    expect(logged).toBeLessThanOrEqual(1);

    const tallies = await webhookRejections(db);
    expect(tallies.map((t) => [t.kind, t.total])).toEqual([
      ['app', N / 3],
      ['fin', N / 3],
      ['unsigned', N / 3],
    ]);
    const fin = tallies.find((t) => t.kind === 'fin')!;
    expect(fin.first_samples).toHaveLength(REJECTION_SAMPLES);
    expect(fin.last_samples.at(-1)).toMatchObject({
      ip: `10.7.1.${(N - 2) & 255}`,
      reason: 'signature does not match',
      bytes: JSON.stringify({ n: N - 2 }).length,
    });

    // What was counted but not yet stored is stored as the console closes.
    const reopened = await h.restart();
    expect((await listRejections(reopened.db)).map((t) => t.total)).toEqual([N / 3, N / 3, N / 3]);
  });
});

describe('rejection tallies', () => {
  const db = freshDbPerSuite();
  const sample = (i: number) => ({ reason: 'signature does not match', ip: `ip-${i}`, bytes: i });

  it('write the store at most once a window, yet count every refusal', async () => {
    const { counted, statements } = countingStore(db());
    const t0 = Date.now();
    for (let i = 0; i < 1000; i++) await noteRejection(counted, 'fin', sample(i), t0 + i);
    expect(statements()).toBe(1);
    expect((await listRejections(counted)).map((t) => t.total)).toEqual([1]);
    expect((await webhookRejections(counted)).map((t) => t.total)).toEqual([1000]);

    await noteRejection(counted, 'fin', sample(1000), t0 + REJECTION_STORE_MS + 1);
    const [stored] = await listRejections(counted);
    expect(stored?.total).toBe(1001);
    expect(stored?.first_samples.map((s) => s.ip)).toEqual(['ip-0', 'ip-1', 'ip-2', 'ip-3', 'ip-4']);
    expect(stored?.last_samples.map((s) => s.ip)).toEqual([
      'ip-996',
      'ip-997',
      'ip-998',
      'ip-999',
      'ip-1000',
    ]);
  });

  it('keep the first and latest samples across writes, never more', async () => {
    const t0 = Date.now();
    const store = db();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 7; i++) {
        await noteRejection(store, 'app', sample(round * 7 + i), t0 + round * REJECTION_STORE_MS + i);
      }
      await storeRejections(store);
    }
    const app = (await listRejections(store)).find((t) => t.kind === 'app');
    expect(app?.total).toBe(21);
    expect(app?.first_samples.map((s) => s.bytes)).toEqual([0, 1, 2, 3, 4]);
    expect(app?.last_samples.map((s) => s.bytes)).toEqual([16, 17, 18, 19, 20]);
  });
});
