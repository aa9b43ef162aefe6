import 'server-only';
import pg from 'pg';
import { GroupCommit } from '../group-commit';
import { log } from '../log';
import { storableParams } from '.';
import { packPayloads, unpackPayload } from './notice-packing';
import type { Db, Queryable } from './types';

/** Connects a pool to an external Postgres; LISTEN runs on its own long-lived connection. */
export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', (error) => log.warn('Postgres pool error', error.message));
  await pool.query('SELECT 1');

  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listener: pg.Client | null = null;
  let closed = false;

  async function connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (msg) => {
      const fns = listeners.get(msg.channel);
      if (!fns) return;
      for (const payload of unpackPayload(msg.payload ?? '')) for (const fn of fns) fn(payload);
    });
    client.on('error', (error) => {
      log.warn('Postgres LISTEN connection lost; reconnecting', error.message);
      listener = null;
      if (!closed) setTimeout(() => void ensureListener().catch(() => undefined), 500);
    });
    await client.connect();
    for (const channel of listeners.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return client;
  }
  let connecting: Promise<pg.Client> | null = null;
  async function ensureListener(): Promise<pg.Client> {
    if (listener) return listener;
    connecting ??= connectListener().finally(() => (connecting = null));
    listener = await connecting;
    return listener;
  }

  // A batch's notices share as few NOTIFYs as fit: one per notice cost every instance a message per stored event.
  const notices = new GroupCommit<{ channel: string; payload: string }, void>(async (items) => {
    const byChannel = new Map<string, string[]>();
    for (const n of items) {
      const payloads = byChannel.get(n.channel);
      if (payloads) payloads.push(n.payload);
      else byChannel.set(n.channel, [n.payload]);
    }
    const channels: string[] = [];
    const packs: string[] = [];
    for (const [channel, payloads] of byChannel)
      for (const pack of packPayloads(payloads)) {
        channels.push(channel);
        packs.push(pack);
      }
    await pool.query(
      'SELECT pg_notify(n.c, n.p) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS n(c, p, i) ORDER BY n.i',
      [channels, packs],
    );
    return items.map(() => undefined);
  });

  const wrap = (q: { query: pg.Pool['query'] | pg.PoolClient['query'] }): Queryable => ({
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await q.query(sql, storableParams(params))).rows as T[],
  });

  return {
    kind: 'postgres',
    ...wrap(pool),
    pgPool: pool,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    pubsub: {
      async listen(channel, onPayload) {
        let set = listeners.get(channel);
        const first = !set;
        if (!set) listeners.set(channel, (set = new Set()));
        set.add(onPayload);
        const client = await ensureListener();
        if (first) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        return async () => {
          set.delete(onPayload);
        };
      },
      notify: (channel, payload) => notices.add({ channel, payload }),
    },
    async close() {
      closed = true;
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
