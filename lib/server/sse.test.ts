import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listEvents } from './db/events';
import { resumeSeq, serveEventStream } from './sse';
import { freshDbPerSuite, waitFor } from './testing/harness';

const req = (query: string, lastEventId?: string) =>
  new Request(`http://console.test/api/conversations/c/stream${query}`, {
    headers: lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
  });

/**
 * A resume point beyond the seq column's range (a forged or corrupted Last-Event-ID) used to
 * reach the query as is: every catch-up of that stream failed and logged an error.
 */
describe('resumeSeq', () => {
  const db = freshDbPerSuite();

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

describe('serveEventStream (the server’s direct path)', () => {
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
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
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
    await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    await pending;
    await waitFor(() => live.subscribed === 1, 2000, 'the stream set up after the client left');
    expect(live.unsubscribed).toBe(1);
    await close();
  });
});
