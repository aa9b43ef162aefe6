import { createServer, type ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { ConsoleContext } from './context';
import type { Db } from './db';
import { appendEvents, listEvents } from './db/events';
import type { ConversationMessage } from './fanout';
import { conversationFeed, finWireFeed, hitlStream, HOLD_MS, resumeSeq, serveEventStream } from './sse';
import { freshDbPerSuite, waitFor } from '@/testing/server/harness';
import { listenLocal, sleep } from '@/testing/util';

const db = freshDbPerSuite();

/** A stand-in for a Node response that records each socket write. */
const fakeResponse = () => {
  const writes: string[] = [];
  const res = {
    destroyed: false,
    closed: false,
    writeHead: () => res,
    flushHeaders: () => {},
    write: (text: string) => void writes.push(text),
    end: () => {},
    once: () => res,
  };
  return { writes, res: res as unknown as ServerResponse };
};

const req = (query: string, lastEventId?: string) =>
  new Request(`http://console.test/api/conversations/c/stream${query}`, {
    headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
  });

/** A resume point beyond the seq column's range (a forged Last-Event-ID) must not reach the query. */
describe('resumeSeq', () => {
  it('takes Last-Event-ID over ?after=, a positive whole number, else 0', () => {
    expect(resumeSeq(req('?after=3', '7'))).toBe(7);
    expect(resumeSeq(req('?after=3'))).toBe(3);
    for (const bad of ['', '-2', '1.5', 'x', '1e400']) expect(resumeSeq(req('', bad))).toBe(0);
  });

  it('caps a value beyond any seq at the largest one, which the store can compare with', async () => {
    for (const huge of ['2147483648', '99999999999999999999', '1e300']) {
      const after = resumeSeq(req('', huge));
      expect(after).toBe(2_147_483_647);
      await expect(listEvents(db(), 'any', after)).resolves.toEqual([]);
    }
  });
});

describe('serveEventStream (the realtime entry’s stream writer)', () => {
  /** A server whose stream is set up only after `prepare` resolves; records subscriptions left open. */
  const rig = async (prepare: (res: ServerResponse) => Promise<void>) => {
    const live = { subscribed: 0, unsubscribed: 0 };
    const server = createServer((_req, res) => {
      void prepare(res).then(() =>
        serveEventStream(res, { 'content-type': 'text/event-stream' }, (w) => {
          live.subscribed++;
          w.send('fin', { n: 1 }, 1);
          return () => void live.unsubscribed++;
        }),
      );
    });
    const url = `${await listenLocal(server)}/`;
    return {
      live,
      url,
      close: () => {
        server.closeAllConnections();
        return new Promise((r) => server.close(r));
      },
    };
  };

  it('writes frames straight to the response, and unsubscribes when the client leaves', async () => {
    const { live, url, close } = await rig(async () => {});
    const abort = new AbortController();
    const res = await fetch(url, { signal: abort.signal });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('data: {"n":1}')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toBe('retry: 2000\n\nid: 1\nevent: fin\ndata: {"n":1}\n\n');
    abort.abort();
    await waitFor(() => live.unsubscribed === 1, 2000, 'unsubscribed');
    await close();
  });

  it('does not keep a subscription for a client that left while the stream was being prepared', async () => {
    let gone!: () => void;
    const left = new Promise<void>((r) => (gone = r));
    const { live, url, close } = await rig(async (res) => {
      res.once('close', gone);
      await left;
    });
    const abort = new AbortController();
    const pending = fetch(url, { signal: abort.signal }).catch(() => undefined);
    await sleep(50);
    abort.abort();
    await pending;
    await waitFor(() => live.subscribed === 1, 2000, 'the stream set up after the client left');
    expect(live.unsubscribed).toBe(1);
    await close();
  });
});

describe('conversationFeed', () => {
  it('writes a live copy at once, even while a gap in the stored events is being filled from the store', async () => {
    const id = 'feed-gap';
    const chunk = (i: number) =>
      ({
        event_name: 'fin_reply_chunk',
        conversation_id: id,
        stream_id: 's1',
        chunk_index: i,
        chunk_text: `part ${i}`,
        created_at_ms: `2026-12-04T10:00:0${i}.000Z`,
      }) as const;
    const stored = await appendEvents(
      db(),
      [0, 1, 2].map((i) => ({ conversationId: id, source: 'sse' as const, event: chunk(i) })),
    );
    // Reads of the events table wait for `release` while `hold` is set (a busy store).
    let hold = false;
    let release = () => {};
    const gated: Db = {
      ...db(),
      query: async (sql, params) => {
        if (hold && sql.includes('FROM events')) await new Promise<void>((r) => (release = r));
        return db().query(sql, params);
      },
    };
    const subscribers: ((m: ConversationMessage) => void)[] = [];
    const ctx = {
      db: gated,
      hub: {
        subscribeConversation: (_: string, fn: (m: ConversationMessage) => void) => (
          subscribers.push(fn),
          () => {}
        ),
      },
    } as unknown as ConsoleContext;
    const frames: string[] = [];
    const open = await conversationFeed(ctx, id, 1);
    const payloads: unknown[] = [];
    const record = (event: string, data: unknown, seq?: number) => {
      payloads.push(data);
      frames.push(`${event} ${seq ?? ''}`.trim());
    };
    const held: number[] = [];
    open({
      send: record,
      hold: (event, data, seq) => (held.push(seq!), record(event, data, seq)),
      comment: () => {},
      end: () => {},
    });
    await waitFor(() => frames.length === 3, 2000, 'the replay');
    expect(frames).toEqual(['conversation', 'fin 2', 'fin 3']);

    hold = true;
    const later = await appendEvents(
      db(),
      [3, 4].map((i) => ({ conversationId: id, source: 'sse' as const, event: chunk(i) })),
    );
    const publish = (m: ConversationMessage) => subscribers.forEach((fn) => fn(m));
    // Seq 5 announced before seq 4: the feed reads the gap from the store (held), then a live event comes.
    publish({ type: 'event', event: later[1]!.stored });
    const { seq: _seq, ...live } = { ...stored[2]!.stored, key: 'live-k' };
    publish({ type: 'live', event: live });
    await sleep(50);
    expect(frames.slice(3)).toEqual(['fin_live']);
    hold = false;
    release();
    await waitFor(() => frames.length === 6, 2000, 'the gap filled');
    expect(frames.slice(3)).toEqual(['fin_live', 'fin 4', 'fin 5']);
    expect(held).toEqual([]);
    // An event relayed live on this stream: only its acknowledgement follows, held for company.
    const next = await appendEvents(db(), [{ conversationId: id, source: 'sse' as const, event: chunk(5) }]);
    const { seq: _s, ...liveCopy } = next[0]!.stored;
    publish({ type: 'live', event: liveCopy });
    publish({ type: 'event', event: next[0]!.stored });
    await waitFor(() => frames.length === 8, 2000, 'the acknowledgement');
    expect(frames.slice(6)).toEqual(['fin_live', 'fin_stored 6']);
    expect(held).toEqual([6]);
    expect(payloads.at(-1)).toEqual({ key: liveCopy.key, seq: 6, received_at: liveCopy.received_at });
  });
});

describe('one stored event, several streams', () => {
  /** A console whose hub hands every subscriber the same message object, as the fan-out does. */
  const fakeConsole = (id: string) => {
    const subscribers: ((m: ConversationMessage) => void)[] = [];
    const ctx = {
      db: db(),
      hub: {
        subscribeConversation: (_: string, fn: (m: ConversationMessage) => void) => (
          subscribers.push(fn),
          () => {}
        ),
      },
    } as unknown as ConsoleContext;
    const publish = (m: ConversationMessage) => subscribers.forEach((fn) => fn(m));
    const chunk = (i: number) => ({
      conversationId: id,
      source: 'sse' as const,
      event: {
        event_name: 'fin_reply_chunk' as const,
        conversation_id: id,
        stream_id: 's1',
        chunk_index: i,
        chunk_text: `part ${i}`,
        created_at_ms: `2026-12-04T10:00:0${i}.000Z`,
      },
    });
    return { ctx, publish, chunk };
  };
  const recorder = () => {
    const frames: { event: string; data: unknown; seq?: number }[] = [];
    const record = (event: string, data: unknown, seq?: number) => void frames.push({ event, data, seq });
    return { frames, writer: { send: record, hold: record, comment: () => {}, end: () => {} } };
  };

  it('is serialised once for every stream that sends it', async () => {
    const id = 'feed-once';
    const { ctx, publish, chunk } = fakeConsole(id);
    await appendEvents(db(), [chunk(0)]);
    const { writes, res } = fakeResponse();
    for (let i = 0; i < 3; i++) serveEventStream(res, {}, await conversationFeed(ctx, id, 1));
    await waitFor(
      () => writes.filter((w) => w.includes('event: conversation')).length === 3,
      2000,
      'replays',
    );
    let serialised = 0;
    const [stored] = await appendEvents(db(), [chunk(1)]);
    const event = { ...stored!.stored.event, toJSON: () => (serialised++, stored!.stored.event) };
    const { seq: _seq, ...live } = { ...stored!.stored, event };
    publish({ type: 'live', event: live });
    expect(writes.filter((w) => w.includes('"chunk_index":1'))).toHaveLength(3);
    expect(serialised).toBe(1);
  });

  it('goes to Fin wire clients whole, with no acknowledgement, even when it came live', async () => {
    const id = 'feed-wire';
    const { ctx, publish, chunk } = fakeConsole(id);
    const { frames, writer } = recorder();
    await appendEvents(db(), [chunk(0)]);
    (await finWireFeed(ctx, id, 1))(writer);
    await sleep(50);
    const [stored] = await appendEvents(db(), [chunk(1)]);
    const { seq: _seq, ...live } = stored!.stored;
    publish({ type: 'live', event: live });
    publish({ type: 'event', event: stored!.stored });
    await waitFor(() => frames.length === 1, 2000, 'the stored event');
    expect(frames).toEqual([{ event: '', data: stored!.stored.event, seq: 2 }]);
  });
});

describe('held frames', () => {
  it('go out ahead of the next frame, in one write', () => {
    const { writes, res } = fakeResponse();
    serveEventStream(res, {}, (w) => {
      w.hold('fin', { n: 1 }, 1);
      w.send('fin_live', { n: 2 });
      return () => {};
    });
    expect(writes).toEqual([
      'retry: 2000\n\n',
      'id: 1\nevent: fin\ndata: {"n":1}\n\nevent: fin_live\ndata: {"n":2}\n\n',
    ]);
  });

  it(`go out on their own after ${HOLD_MS} ms when nothing follows`, () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const { writes, res } = fakeResponse();
    serveEventStream(res, {}, (w) => {
      w.hold('fin', { n: 1 }, 1);
      w.hold('fin', { n: 2 }, 2);
      return () => {};
    });
    expect(writes).toEqual(['retry: 2000\n\n']);
    vi.advanceTimersByTime(HOLD_MS);
    expect(writes).toEqual([
      'retry: 2000\n\n',
      'id: 1\nevent: fin\ndata: {"n":1}\n\nid: 2\nevent: fin\ndata: {"n":2}\n\n',
    ]);
  });
});

/** A Request's signal follows the client's abort only while the Request lives: a route's stream must still end when its client leaves. */
describe("a route's stream", () => {
  it('ends and unsubscribes when its client aborts, even after a garbage collection', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let subscribed = 0;
    const ctx = {
      hub: {
        subscribeHitl: () => {
          subscribed++;
          return () => void subscribed--;
        },
      },
    } as unknown as ConsoleContext;
    const client = new AbortController();
    // As a route gets it: a Request following the client's signal, held by nothing else.
    const body = hitlStream(
      ctx,
      new Request('http://console.test/api/hitl-steps/stream', { signal: client.signal }),
    );
    const reader = body.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('retry: 2000\n\n');
    expect(subscribed).toBe(1);
    for (let i = 0; i < 5; i++) {
      gc();
      await sleep(10);
    }
    client.abort();
    const end = await Promise.race([
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })(),
      sleep(2000, 'still open'),
    ]);
    expect(end).toBe('ended');
    expect(subscribed).toBe(0);
  });
});
