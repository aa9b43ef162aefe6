import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db';
import { getConversationRow } from './db/conversations';
import { EventHub } from './event-hub';
import { freshStore, waitFor, type StoreHandle } from './testing/harness';

/**
 * Abort listeners: the hub keeps one per live follower on its own signal, and its backoff sleeps
 * used to leave one behind each time the timer fired — so a follower retrying a refused stream,
 * a lease held elsewhere, or simply more than ten live streams made Node warn of a leak.
 */
describe('EventHub abort listeners', () => {
  let store: StoreHandle;
  let db: Db;
  let server: Server;
  let url: string;
  const open: ServerResponse[] = [];
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);

  beforeAll(async () => {
    store = await freshStore();
    db = await openDb({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
    // /refuse answers 503 (the follower backs off and retries); /hold keeps a stream open.
    server = createServer((req, res) => {
      if (req.url?.startsWith('/refuse')) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      open.push(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    for (const res of open) res.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    await db?.close();
    await store?.drop();
  });

  const track = async (id: string, sseUrl: string) => {
    await db.query(
      `INSERT INTO conversations (id, kind, user_json, status, sse_url, stream_state)
       VALUES ($1, 'procedure', '{"id":"u"}'::jsonb, 'thinking', $2, 'connecting')`,
      [id, sseUrl],
    );
  };

  it('a follower retrying a refused stream past ten times, and a dozen live streams, raise no leak warning', async () => {
    const hub = new EventHub({
      db,
      instanceId: 'hub-test',
      reconnectBaseMs: 1,
      reconnectMaxMs: 2,
      maxReconnects: 14,
      sweepMs: 60_000,
    });
    await hub.start();
    try {
      await track('refused', `${url}/refuse`);
      hub.follow('refused');
      await waitFor(
        async () => (await getConversationRow(db, 'refused'))?.stream_state === 'closed',
        10_000,
        'the follower to give up',
      );
      for (let i = 0; i < 12; i++) {
        await track(`held-${i}`, `${url}/hold-${i}`);
        hub.follow(`held-${i}`);
      }
      await waitFor(() => open.length >= 12, 10_000, 'twelve live streams');
      await new Promise((r) => setTimeout(r, 50));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      await hub.close();
    }
  });
});
