import 'server-only';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { storableParams } from '.';
import type { Db, Queryable } from './types';

/** What the store thread (pglite-worker.mjs) is sent; `{ id: 0, ready }` answers once it is open. */
export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[]; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };
export type WorkerReply = {
  id: number;
  rows?: unknown[];
  tx?: number;
  ready?: true;
  error?: Record<string, unknown>;
};
type Unsent = {
  [K in WorkerRequest['op']]: Omit<Extract<WorkerRequest, { op: K }>, 'id'>;
}[WorkerRequest['op']];

function revive(e: Record<string, unknown>): Error {
  const error = new Error(String(e.message));
  Object.assign(error, e);
  return error;
}

/** Opens the embedded Postgres in `dataDir` on its own thread; statements run in the order sent. */
export async function openPglite(dataDir: string): Promise<Db> {
  const dir = path.resolve(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dir } });
  const pending = new Map<number, { resolve(r: WorkerReply): void; reject(e: Error): void }>();
  let nextId = 1;
  let dead: Error | null = null;

  // The thread keeps the process alive only while an answer is awaited, so a finished script can exit.
  worker.unref();
  const settle = (id: number) => {
    const p = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return p;
  };
  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
    worker.ref();
  });
  worker.on('message', (m: WorkerReply) => {
    const p = settle(m.id);
    if (!p) return;
    if (m.error) p.reject(revive(m.error));
    else p.resolve(m);
  });
  const fail = (error: Error) => {
    dead = error;
    for (const id of [...pending.keys()]) settle(id)?.reject(error);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`The embedded store's thread exited (${code})`)));

  const send = (m: Unsent): Promise<WorkerReply> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...m, id } satisfies WorkerRequest);
    });
  };
  const queryable = (tx?: number): Queryable => ({
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await send({ op: 'query', sql, params: storableParams(params), ...(tx === undefined ? {} : { tx }) }))
        .rows as T[],
  });

  await ready;
  return {
    kind: 'pglite',
    ...queryable(),
    async transaction(fn) {
      // A thread that named no transaction gets its statements refused as ended.
      const { tx = 0 } = await send({ op: 'begin' });
      let result;
      try {
        result = await fn(queryable(tx));
      } catch (error) {
        await send({ op: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
      await send({ op: 'end', tx, commit: true });
      return result;
    },
    async close() {
      if (dead) return;
      await send({ op: 'close' });
      await worker.terminate();
    },
  };
}
