import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';
import { sleep } from '@/testing/util';

const tick = () => sleep(0);

describe('GroupCommit', () => {
  it('writes a lone item at once, and batches what arrives while a write is in flight', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gc = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return items.map((n) => n * 10);
    });
    const first = gc.add(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [gc.add(2), gc.add(3), gc.add(4)];
    await tick();
    expect(batches).toHaveLength(1);
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('lets lingering items wait for company while nothing is in flight; an urgent one goes at once', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number, number>(async (items) => (batches.push(items), items), {
      lingerMs: 30,
    });
    const quiet = [gc.add(1, { linger: true }), gc.add(2, { linger: true })];
    await sleep(10);
    expect(batches).toEqual([]);
    quiet.push(gc.add(3, { linger: true }));
    expect(await Promise.all(quiet)).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3]]);
    const waiting = gc.add(4, { linger: true });
    await tick();
    expect(await gc.add(5)).toBe(5);
    expect(await waiting).toBe(4);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('under load writes up to inFlight batches at once, resolving each with its own results', async () => {
    const started: number[][] = [];
    const releases: (() => void)[] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        started.push(items);
        await new Promise<void>((r) => releases.push(r));
        return items.map((n) => -n);
      },
      { inFlight: 2, maxBatch: 8 },
    );
    const a = gc.add(1);
    await tick();
    // Light: one waiting item does not open a second write.
    const b = gc.add(2);
    await tick();
    expect(started).toEqual([[1]]);
    // A quarter batch waiting does.
    const c = gc.add(3);
    await tick();
    expect(started).toEqual([[1], [2, 3]]);
    const d = gc.add(4);
    await tick();
    expect(started).toHaveLength(2);
    releases[0]!();
    expect(await a).toBe(-1);
    await tick();
    // One write left in flight and little waiting: it gathers behind that write.
    expect(started).toHaveLength(2);
    releases[1]!();
    expect(await Promise.all([b, c])).toEqual([-2, -3]);
    await tick();
    expect(started).toEqual([[1], [2, 3], [4]]);
    releases[2]!();
    expect(await d).toBe(-4);
  });

  it('caps a batch, keeping the order items were added in', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        await tick();
        return items;
      },
      { maxBatch: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => gc.add(n)));
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...batches.map((b) => b.length))).toBe(2);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    let hold!: () => void;
    const held = new Promise<void>((r) => (hold = r));
    let calls = 0;
    const gc = new GroupCommit<number, number>(async (items) => {
      if (calls++ === 0) await held;
      if (items.includes(13)) throw new Error('unlucky');
      return items;
    });
    const first = gc.add(1);
    const batch = [gc.add(12), gc.add(13), gc.add(14)].map((p) =>
      p.then(
        (v) => v,
        (e: Error) => e.message,
      ),
    );
    hold();
    expect(await first).toBe(1);
    expect(await Promise.all(batch)).toEqual([12, 'unlucky', 14]);
  });
});
