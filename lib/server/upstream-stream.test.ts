import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENT_CHARS, readUpstream } from './upstream-stream';
import { listenLocal, sleep } from '@/testing/util';

const chunk = (i: number) => ({
  event_name: 'fin_reply_chunk',
  conversation_id: 'c1',
  stream_id: 's1',
  chunk_index: i,
  chunk_text: `part ${i}`,
  created_at_ms: '2026-12-04T10:00:00.000Z',
});

/** An upstream that answers with SSE headers and keeps the stream open until closed. */
describe('readUpstream', () => {
  let server: Server;
  let url: string;
  let connections = 0;
  let endlessWritten = 0;
  // Another origin on this machine: a redirect must never reach it.
  let other: Server;
  let elsewhere: string;
  let reachedElsewhere = 0;
  beforeAll(async () => {
    other = createServer((_req, res) => {
      reachedElsewhere++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`event: fin_reply_chunk\ndata: ${JSON.stringify(chunk(7))}\n\n`);
    });
    elsewhere = await listenLocal(other);
    server = createServer((req, res) => {
      connections++;
      if (req.url === '/moved') return void res.writeHead(307, { location: '/two' }).end();
      const port = (server.address() as AddressInfo).port;
      const away: Record<string, string> = {
        '/away': `${elsewhere}/two`,
        '/by-name': `http://localhost:${port}/two`,
        '/to-https': `https://127.0.0.1:${port}/two`,
        '/to-file': 'file:///etc/passwd',
      };
      const location = away[req.url ?? ''];
      if (location) return void res.writeHead(302, { location }).end();
      if (req.url === '/gone') return void res.writeHead(410).end();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
      if (req.url === '/endless') {
        // One event whose data never ends: only a dropped connection stops the writes.
        res.write(`event: fin_reply_chunk\ndata: ${JSON.stringify(chunk(0))}\n\ndata: `);
        const pump = () => {
          while (!res.destroyed && res.write('x'.repeat(64 * 1024))) endlessWritten += 64 * 1024;
          if (!res.destroyed) res.once('drain', pump);
        };
        return pump();
      }
      if (req.url === '/broken') {
        res.write(`event: fin_reply_chunk\ndata: ${JSON.stringify(chunk(0))}\n\n`);
        setTimeout(() => res.socket?.destroy(), 20);
      }
      if (req.url === '/odd') {
        const odd = [
          { event_name: 'fin_thought_shared', conversation_id: 'c1', thought: 'x' },
          { ...chunk(0), status: 'warming_up', created_at_ms: null },
          { event_name: 'fin_status_updated', status: 'complete' },
        ];
        return void res.end(odd.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(''));
      }
      if (req.url === '/two')
        res.end([0, 1].map((i) => `event: fin_reply_chunk\ndata: ${JSON.stringify(chunk(i))}\n\n`).join(''));
    });
    url = `${await listenLocal(server)}/stream`;
  });
  afterAll(async () => {
    other.closeAllConnections();
    await new Promise((r) => other.close(r));
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const read = (signal: AbortSignal) =>
    readUpstream(url, { signal, connectTimeoutMs: 5000, onOpen: async () => {}, onEvent: async () => {} });

  it('ends at once when its signal was aborted before it started (the hub stopping meanwhile)', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const end = await Promise.race([
      read(ctl.signal),
      sleep(3000, 'still reading'),
    ]);
    expect(end).toEqual({ kind: 'aborted' });
  });

  it('ends when aborted while it reads', async () => {
    const ctl = new AbortController();
    const before = connections;
    const reading = read(ctl.signal);
    while (connections === before) await sleep(10);
    ctl.abort();
    expect(await reading).toEqual({ kind: 'aborted' });
  });

  it('hands each event to onArrive at once, while onEvent still takes them one at a time in order', async () => {
    const arrived: number[] = [];
    const handled: number[] = [];
    let release = () => {};
    const firstHeld = new Promise<void>((r) => (release = r));
    const reading = readUpstream(url.replace('/stream', '/two'), {
      signal: new AbortController().signal,
      connectTimeoutMs: 5000,
      onOpen: async () => {},
      onArrive: (e) => void arrived.push(e.event_name === 'fin_reply_chunk' ? e.chunk_index : -1),
      onEvent: async (e) => {
        if (e.event_name !== 'fin_reply_chunk') return;
        if (e.chunk_index === 0) await firstHeld;
        handled.push(e.chunk_index);
      },
    });
    while (arrived.length < 2) await sleep(5);
    expect(arrived).toEqual([0, 1]);
    expect(handled).toEqual([]);
    release();
    expect(await reading).toEqual({ kind: 'eof' });
    expect(handled).toEqual([0, 1]);
  });

  it("hands over events off the contract and tells what drifted; one naming no conversation is kept under the stream's", async () => {
    const handled: string[] = [];
    const drift: [string, string[]][] = [];
    const end = await readUpstream(url.replace('/stream', '/odd'), {
      signal: new AbortController().signal,
      connectTimeoutMs: 5000,
      onOpen: async () => {},
      onEvent: async (e) =>
        void handled.push(e.event_name === 'fin_other_event' ? `other:${e.name}` : e.event_name),
      onDrift: (where, issues) => void drift.push([where, issues.map((i) => i.path)]),
      conversationId: 'c1',
    });
    expect(end).toEqual({ kind: 'eof' });
    expect(handled).toEqual(['other:fin_thought_shared', 'fin_reply_chunk', 'other:fin_status_updated']);
    expect(drift).toEqual([
      ['sse fin_thought_shared', ['event_name']],
      ['sse fin_reply_chunk', ['status', 'created_at_ms']],
      ['sse fin_status_updated', ['conversation_id', 'user_id', 'created_at_ms']],
    ]);
  });

  it('relays what arrives while onOpen runs at once, and hands it to onEvent only after onOpen', async () => {
    const seen: string[] = [];
    let finishOpen = () => {};
    const reading = readUpstream(url.replace('/stream', '/two'), {
      signal: new AbortController().signal,
      connectTimeoutMs: 5000,
      onOpen: () => new Promise<void>((r) => (finishOpen = () => (seen.push('opened'), r()))),
      onArrive: (e) => void seen.push(`live ${e.event_name === 'fin_reply_chunk' ? e.chunk_index : -1}`),
      onEvent: async (e) =>
        void seen.push(`stored ${e.event_name === 'fin_reply_chunk' ? e.chunk_index : -1}`),
    });
    for (let i = 0; seen.length < 2 && i < 400; i++) await sleep(5);
    expect(seen).toEqual(['live 0', 'live 1']);
    finishOpen();
    expect(await reading).toEqual({ kind: 'eof' });
    expect(seen).toEqual(['live 0', 'live 1', 'opened', 'stored 0', 'stored 1']);
  });

  it('still stores what it read when onOpen fails', async () => {
    const stored: number[] = [];
    const end = await readUpstream(url.replace('/stream', '/two'), {
      signal: new AbortController().signal,
      connectTimeoutMs: 5000,
      onOpen: () => new Promise<void>((_, reject) => setTimeout(() => reject(new Error('store down')), 50)),
      onEvent: async (e) => void stored.push(e.event_name === 'fin_reply_chunk' ? e.chunk_index : -1),
    });
    expect(end).toEqual({ kind: 'error' });
    expect(stored).toEqual([0, 1]);
  });

  const collect = async (path: string, openMs = 0) => {
    const got: number[] = [];
    const end = await readUpstream(url.replace('/stream', path), {
      signal: new AbortController().signal,
      connectTimeoutMs: 5000,
      onOpen: () => sleep(openMs),
      onEvent: async (e) => void got.push(e.event_name === 'fin_reply_chunk' ? e.chunk_index : -1),
    });
    return { end, got };
  };

  it('follows a redirect to the stream', async () => {
    expect(await collect('/moved')).toEqual({ end: { kind: 'eof' }, got: [0, 1] });
  });

  it('fails the open when a redirect leaves the origin of the stream URL (host, port or scheme)', async () => {
    for (const path of ['/away', '/by-name', '/to-https', '/to-file'])
      expect(await collect(path), path).toEqual({ end: { kind: 'error' }, got: [] });
    expect(reachedElsewhere).toBe(0);
  });

  it('drops a stream whose event outgrows the limit instead of holding it', async () => {
    expect(await collect('/endless')).toEqual({ end: { kind: 'error' }, got: [0] });
    // What was sent before the drop is bounded by the limit and socket buffers, not the event.
    expect(endlessWritten).toBeLessThan(MAX_EVENT_CHARS * 8);
  });

  it('reports a refused stream by its status, and a connection broken mid-stream as an error after what it carried', async () => {
    expect(await collect('/gone')).toEqual({ end: { kind: 'http', status: 410 }, got: [] });
    expect(await collect('/broken')).toEqual({ end: { kind: 'error' }, got: [0] });
  });

  it('keeps what a stream carried, and its break, while onOpen was still running', async () => {
    // The stream breaks 20 ms after its first event; onOpen (the hub marking it live) takes 150.
    expect(await collect('/broken', 150)).toEqual({ end: { kind: 'error' }, got: [0] });
  });
});
