import { createServer, type Server, type ServerResponse } from 'node:http';
import { setImmediate } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConversationRow, type ConversationRow } from './db/conversations';
import { EventHub } from './event-hub';
import { freshDbPerSuite, waitFor } from '@/testing/server/harness';
import { listenLocal, sleep } from '@/testing/util';

/** The hub keeps one abort listener per live follower; backoff sleeps must not leak them (Node warns past ten). */
describe('EventHub abort listeners', () => {
  const db = freshDbPerSuite();
  let server: Server;
  let url: string;
  const open: ServerResponse[] = [];
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);

  beforeAll(async () => {
    // /refuse answers 503 (the follower backs off and retries); /hold keeps a stream open.
    server = createServer((req, res) => {
      if (req.url?.startsWith('/refuse')) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': connected\n\n');
      open.push(res);
    });
    url = await listenLocal(server);
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    for (const res of open) res.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const track = async (id: string, sseUrl: string) => {
    await db().query(
      `INSERT INTO conversations (id, kind, user_json, status, sse_url, stream_state)
       VALUES ($1, 'procedure', '{"id":"u"}'::jsonb, 'thinking', $2, 'connecting')`,
      [id, sseUrl],
    );
  };

  it('a follower retrying a refused stream past ten times, and a dozen live streams, raise no leak warning', async () => {
    const hub = new EventHub({
      db: db(),
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
        async () => (await getConversationRow(db(), 'refused'))?.stream_state === 'closed',
        10_000,
        'the follower to give up',
      );
      for (let i = 0; i < 12; i++) {
        await track(`held-${i}`, `${url}/hold-${i}`);
        hub.follow(`held-${i}`);
      }
      await waitFor(() => open.length >= 12, 10_000, 'twelve live streams');
      // Node emits the warning on the next tick.
      await setImmediate();
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      await hub.close();
    }
  });
});

/** Between cycles a follower stays parked (lease kept) until the next cycle's URL wakes it, or stops after `parkMs`. */
describe('EventHub parked followers', () => {
  const db = freshDbPerSuite();
  let server: Server;
  let url: string;
  const requests: string[] = [];

  beforeAll(async () => {
    // /cycle-N sends one event that hands control back to the user, then ends (token revoked).
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const n = Number(/cycle-(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = {
        event_name: 'fin_status_updated',
        conversation_id: 'parked',
        user_id: 'u',
        status: 'awaiting_user_reply',
        created_at_ms: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
      };
      res.end(`data: ${JSON.stringify(event)}\n\n`);
    });
    url = await listenLocal(server);
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const lease = async () =>
    (
      await db().query<{ owner: string }>('SELECT owner FROM stream_leases WHERE conversation_id = $1', [
        'parked',
      ])
    )[0]?.owner ?? null;
  // The embedded store has one process: its followers write no lease.
  const held = () => (db().kind === 'pglite' ? null : 'hub-park');
  const stored = async () =>
    (
      await db().query<{ seq: number }>('SELECT seq FROM events WHERE conversation_id = $1 ORDER BY seq', [
        'parked',
      ])
    ).map((r) => r.seq);
  const newCycle = (n: number) =>
    db().query<ConversationRow>(
      `UPDATE conversations SET sse_url = $2, stream_state = 'connecting' WHERE id = $1 RETURNING *`,
      ['parked', `${url}/cycle-${n}`],
    );

  it('keeps the lease between cycles, wakes for the next URL from either path, then stops', async () => {
    const hub = new EventHub({ db: db(), instanceId: 'hub-park', sweepMs: 60_000, parkMs: 1_500 });
    await hub.start();
    try {
      await db().query(
        `INSERT INTO conversations (id, kind, user_json, status, sse_url, stream_state)
         VALUES ('parked', 'procedure', '{"id":"u"}'::jsonb, 'thinking', $1, 'connecting')`,
        [`${url}/cycle-1`],
      );
      hub.follow('parked');
      await waitFor(async () => (await stored()).length === 1, 5_000, 'cycle 1 stored');
      await waitFor(() => !hub.isFollowing('parked'), 2_000, 'the follower to park');
      expect(await lease()).toBe(held());

      // This instance recorded the next cycle: follow() wakes the parked follower.
      await newCycle(2);
      hub.follow('parked');
      await waitFor(async () => (await stored()).length === 2, 5_000, 'cycle 2 stored');

      const [row] = await newCycle(3);
      await waitFor(() => !hub.isFollowing('parked'), 2_000, 'the follower to park again');
      hub.publishConversation(row!);
      await waitFor(async () => (await stored()).length === 3, 5_000, 'cycle 3 stored');
      expect(requests.map((r) => r.replace(/^\//, ''))).toEqual(['cycle-1', 'cycle-2', 'cycle-3']);
      expect(await lease()).toBe(held());

      await waitFor(async () => (await lease()) === null, 5_000, 'the lease to be released');
      expect(await stored()).toEqual([1, 2, 3]);
    } finally {
      await hub.close();
    }
  });
});

/** A reply's burst of chunks is queued and batched in order; the stream's end is recorded only after all are stored. */
describe('EventHub storing a stream', () => {
  const db = freshDbPerSuite();
  let server: Server;
  let url: string;
  const CHUNKS = 8;

  beforeAll(async () => {
    // One write: eight chunks of a reply, then the status that hands control back; then the end.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString();
      const events: object[] = Array.from({ length: CHUNKS }, (_, i) => ({
        event_name: 'fin_reply_chunk',
        conversation_id: 'burst',
        stream_id: 's1',
        chunk_index: i,
        chunk_text: `part ${i}`,
        created_at_ms: at(i),
      }));
      events.push({
        event_name: 'fin_status_updated',
        conversation_id: 'burst',
        user_id: 'u',
        status: 'awaiting_user_reply',
        created_at_ms: at(CHUNKS),
      });
      res.end(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(''));
    });
    url = await listenLocal(server);
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('writes a burst of chunks in a few batches, in order, and marks the stream closed after them', async () => {
    const log: string[] = [];
    const store = db();
    const slow = {
      ...store,
      query: async <T>(sql: string, params?: unknown[]) => {
        if (sql.includes('console_append_events')) {
          // Stream states ride in the appends' batches (`ss`), in order with the events.
          const items = JSON.parse(String(params?.[0])) as { ss?: string }[];
          const events = items.filter((x) => !x.ss).length;
          if (events > 0) log.push(`append ${events}`);
          for (const x of items) if (x.ss) log.push(`state ${x.ss}`);
          if (events > 0) await sleep(50);
        }
        return store.query<T>(sql, params);
      },
    };
    await store.query(
      `INSERT INTO conversations (id, kind, user_json, status, sse_url, stream_state)
       VALUES ('burst', 'procedure', '{"id":"u"}'::jsonb, 'thinking', $1, 'connecting')`,
      [`${url}/burst`],
    );
    const hub = new EventHub({ db: slow, instanceId: 'hub-burst', sweepMs: 60_000, parkMs: 60_000 });
    await hub.start();
    try {
      hub.follow('burst');
      await waitFor(
        async () => (await getConversationRow(store, 'burst'))?.stream_state === 'closed',
        5_000,
        'the stream closed',
      );
      const rows = await store.query<{ seq: number; payload: { chunk_index?: number; event_name: string } }>(
        'SELECT seq, payload FROM events WHERE conversation_id = $1 ORDER BY seq',
        ['burst'],
      );
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: CHUNKS + 1 }, (_, i) => i + 1));
      expect(rows.map((r) => r.payload.chunk_index ?? r.payload.event_name)).toEqual([
        ...Array.from({ length: CHUNKS }, (_, i) => i),
        'fin_status_updated',
      ]);
      const appends = log.filter((l) => l.startsWith('append'));
      // One event per batch would be nine batches: the first goes alone, the rest wait together.
      expect(appends.length).toBeLessThanOrEqual(3);
      expect(appends.reduce((n, l) => n + Number(l.split(' ')[1]), 0)).toBe(CHUNKS + 1);
      expect(log.at(-1)).toBe('state closed');
      expect(log.indexOf('state closed')).toBeGreaterThan(log.lastIndexOf(appends.at(-1)!));
    } finally {
      await hub.close();
    }
  });
});
