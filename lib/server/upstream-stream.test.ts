import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUpstream } from './upstream-stream';

/** An upstream that answers with SSE headers and keeps the stream open until closed. */
describe('readUpstream', () => {
  let server: Server;
  let url: string;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream`;
  });
  afterAll(async () => {
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
      new Promise((r) => setTimeout(() => r('still reading'), 3000)),
    ]);
    expect(end).toEqual({ kind: 'aborted' });
  });

  it('ends when aborted while it reads', async () => {
    const ctl = new AbortController();
    const before = connections;
    const reading = read(ctl.signal);
    while (connections === before) await new Promise((r) => setTimeout(r, 10));
    ctl.abort();
    expect(await reading).toEqual({ kind: 'aborted' });
  });
});
