import { describe, expect, it } from 'vitest';
import type { StreamState } from '@/lib/console/types';
import type { ReceivedFinEvent } from '@/lib/fin';
import { UpstreamFollower, type FollowerPorts, type FollowerState } from './upstream-follower';
import type { UpstreamEnd } from './upstream-stream';

const TIMING = { leaseTtlMs: 60_000, reconnectBaseMs: 1, reconnectMaxMs: 2, maxReconnects: 2, parkMs: 30 };

const event = (status: 'replying' | 'awaiting_user_reply') =>
  ({
    event_name: 'fin_status_updated',
    conversation_id: 'c',
    user_id: 'u',
    status,
    created_at_ms: new Date().toISOString(),
  }) as ReceivedFinEvent;

type Read = FollowerPorts['read'];

/** A read that opens, hands over `events`, then ends with `end`. */
const opens =
  (events: ReceivedFinEvent[], end: UpstreamEnd = { kind: 'eof' }): Read =>
  async (_url, on) => {
    await on.onOpen();
    for (const e of events) {
      on.onArrive(e);
      await on.onEvent(e);
    }
    return end;
  };
const fails: Read = async () => ({ kind: 'error' });
/** A read that stays open until aborted. */
const hangs: Read = (_url, on) =>
  new Promise((resolve) => on.signal.addEventListener('abort', () => resolve({ kind: 'aborted' })));

/** A follower on fake ports: `reads` answer each read in turn (the last one repeats). */
function rig(
  reads: Read[],
  opts: {
    url?: () => string | null;
    lease?: () => boolean;
    timing?: Partial<typeof TIMING>;
    hint?: { sse_url: string; stream_state: StreamState };
  } = {},
) {
  let rowReads = 0;
  const states: FollowerState[] = [];
  const marked: [StreamState, string][] = [];
  const stored: ReceivedFinEvent[] = [];
  const urls: string[] = [];
  let released = false;
  let streamState: StreamState = 'connecting';
  const stopping = new AbortController();
  const ports: FollowerPorts = {
    row: async () => (rowReads++, { sse_url: (opts.url ?? (() => 'u1'))(), stream_state: streamState }),
    setState: async (state, url) => {
      streamState = state;
      marked.push([state, url]);
    },
    read: (url, on) => {
      urls.push(url);
      return reads[Math.min(urls.length - 1, reads.length - 1)]!(url, on);
    },
    store: async (e) => void stored.push(e),
    relay: () => {},
    renewLease: async () => (opts.lease ?? (() => true))(),
    releaseLease: async () => void (released = true),
  };
  const follower = new UpstreamFollower(
    'c',
    ports,
    { ...TIMING, ...opts.timing },
    stopping.signal,
    (s) => states.push(s),
    opts.hint ?? null,
  );
  return {
    follower,
    states,
    marked,
    stored,
    urls,
    released: () => released,
    stopping,
    rowReads: () => rowReads,
  };
}

const until = async (probe: () => boolean) => {
  for (let i = 0; i < 500 && !probe(); i++) await new Promise((r) => setTimeout(r, 2));
};

describe('UpstreamFollower', () => {
  it('connecting → streaming → parked → done once a cycle ends and nothing new comes', async () => {
    const r = rig([opens([event('replying'), event('awaiting_user_reply')])]);
    await r.follower.done;
    expect(r.states).toEqual(['streaming', 'parked', 'done']);
    expect(r.stored).toHaveLength(2);
    expect(r.marked).toEqual([
      ['live', 'u1'],
      ['closed', 'u1'],
    ]);
    expect(r.released()).toBe(true);
  });

  it('follows the row its writer handed over without reading the store', async () => {
    const r = rig([opens([event('awaiting_user_reply')])], {
      hint: { sse_url: 'u-fresh', stream_state: 'connecting' },
    });
    await r.follower.done;
    expect(r.urls).toEqual(['u-fresh']);
    expect(r.rowReads()).toBe(0);
    const unhinted = rig([opens([event('awaiting_user_reply')])]);
    await unhinted.follower.done;
    expect(unhinted.rowReads()).toBe(1);
  });

  it('backs off after a failed read and connects again, giving up past maxReconnects', async () => {
    const r = rig([fails]);
    await r.follower.done;
    expect(r.urls).toHaveLength(TIMING.maxReconnects + 1);
    expect(r.states).toEqual(['backing-off', 'connecting', 'backing-off', 'connecting', 'parked', 'done']);
    expect(r.marked.map(([s]) => s)).toEqual(['reconnecting', 'reconnecting', 'closed']);
  });

  it('a failure and then a good read resets the count', async () => {
    const r = rig([fails, opens([event('awaiting_user_reply')])]);
    await r.follower.done;
    expect(r.states).toEqual(['backing-off', 'connecting', 'streaming', 'parked', 'done']);
  });

  it('an expired token (401) marks the stream revoked, then parks', async () => {
    const r = rig([opens([event('replying')], { kind: 'http', status: 401 })]);
    await r.follower.done;
    expect(r.marked.map(([s]) => s)).toEqual(['live', 'revoked']);
    expect(r.states).toEqual(['streaming', 'connecting', 'parked', 'done']);
  });

  it('a poke while parked follows the next cycle’s URL', async () => {
    let url = 'u1';
    const r = rig([opens([event('awaiting_user_reply')])], { url: () => url });
    await until(() => r.follower.parked);
    url = 'u2';
    r.follower.poke();
    await r.follower.done;
    expect(r.urls).toEqual(['u1', 'u2']);
    expect(r.states).toEqual(['streaming', 'parked', 'connecting', 'streaming', 'parked', 'done']);
  });

  it('stops with no URL on the row, when the hub stops, and when the lease is lost', async () => {
    const none = rig([opens([])], { url: () => null });
    await none.follower.done;
    expect([none.states, none.urls]).toEqual([['done'], []]);

    const stopped = rig([opens([]), hangs]);
    await until(() => stopped.urls.length > 0);
    stopped.stopping.abort();
    await stopped.follower.done;
    expect(stopped.follower.state).toBe('done');
    expect(stopped.released()).toBe(true);

    let held = true;
    const lost = rig([opens([]), hangs], { lease: () => held, timing: { leaseTtlMs: 30 } });
    await until(() => lost.urls.length > 0);
    held = false;
    await lost.follower.done;
    expect(lost.states.at(-1)).toBe('done');
  });
});
