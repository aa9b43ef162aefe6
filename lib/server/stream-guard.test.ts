import { describe, expect, it, vi } from 'vitest';
import { StreamGuard, type StreamHolder } from './stream-guard';

const holder = (owner: string, key: string, check: () => Promise<boolean>): StreamHolder => ({
  owner,
  key,
  check,
});

describe('StreamGuard', () => {
  it('caps streams per owner and frees a place once, however often a stream is released', () => {
    const guard = new StreamGuard({ maxPerOwner: 2, recheckMs: 60_000 });
    const ok = async () => true;
    const first = guard.admit(holder('user:a', 'k', ok));
    guard.admit(holder('user:a', 'k', ok));
    expect(() => guard.admit(holder('user:a', 'k', ok))).toThrow(/at most 2/);
    guard.admit(holder('user:b', 'k2', ok));
    first.release();
    first.release();
    expect(guard.count('user:a')).toBe(1);
    guard.admit(holder('user:a', 'k', ok));
    expect(() => guard.admit(holder('user:a', 'k', ok))).toThrow(expect.objectContaining({ status: 429 }));
  });

  it('checks each credential once per round and ends only the streams whose check fails', async () => {
    const guard = new StreamGuard({ maxPerOwner: 10, recheckMs: 60_000 });
    let checks = 0;
    let valid = true;
    const check = async () => {
      checks++;
      return valid;
    };
    const ended: string[] = [];
    for (const name of ['one', 'two'])
      guard.admit(holder('user:a', 'revocable', check)).bind(() => ended.push(name));
    guard.admit(holder('user:b', 'other', async () => true)).bind(() => ended.push('other'));
    await guard.recheck();
    expect([checks, ended]).toEqual([1, []]);
    valid = false;
    await guard.recheck('user:b');
    expect([checks, ended]).toEqual([1, []]);
    await guard.recheck('user:a');
    expect([checks, ended]).toEqual([2, ['one', 'two']]);
  });

  it('keeps streams open when a check cannot run, and ends a stream bound after its credential ended', async () => {
    const guard = new StreamGuard({ maxPerOwner: 10, recheckMs: 60_000 });
    const ended: string[] = [];
    guard
      .admit(
        holder('user:a', 'flaky', async () => {
          throw new Error('store down');
        }),
      )
      .bind(() => ended.push('flaky'));
    const late = guard.admit(holder('user:a', 'gone', async () => false));
    await guard.recheck();
    expect(ended).toEqual([]);
    late.bind(() => ended.push('late'));
    expect(ended).toEqual(['late']);
  });

  it('re-checks on its own every period once started', async () => {
    vi.useFakeTimers();
    const guard = new StreamGuard({ maxPerOwner: 10, recheckMs: 20 });
    let ended = false;
    guard.admit(holder('user:a', 'k', async () => false)).bind(() => (ended = true));
    guard.start();
    try {
      await vi.advanceTimersByTimeAsync(19);
      expect(ended).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(ended).toBe(true);
    } finally {
      guard.close();
      vi.useRealTimers();
    }
  });
});
