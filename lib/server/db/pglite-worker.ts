import 'server-only';

/**
 * The embedded store's own thread. PGlite runs Postgres compiled to WebAssembly, synchronously:
 * on the main thread every statement held up the console's HTTP and SSE work (about 45% of the
 * console's CPU when relaying 100 live conversations). Here it runs beside it, and the main
 * thread only posts statements and reads rows back.
 *
 * Plain JavaScript kept as text and started with `eval`, so it runs as is under `next start`,
 * tsx and vitest alike, with no bundler in the way. PGlite is imported relative to the working
 * directory (the project root in every way the console is started).
 *
 * Messages in: `{ id, op: 'query', sql, params, tx? }`, `{ id, op: 'begin' }`,
 * `{ id, op: 'end', tx, commit }`, `{ id, op: 'close' }`. Out: `{ id, rows }`, `{ id, tx }`,
 * `{ id, error }`, and `{ id: 0, ready }` once the store is open.
 */
export const PGLITE_WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');

const serialise = (error) => {
  const out = { message: String(error && error.message ? error.message : error), name: (error && error.name) || 'Error' };
  if (error && typeof error === 'object')
    for (const [k, v] of Object.entries(error))
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
  return out;
};
const post = (m) => parentPort.postMessage(m);

/** A transaction's statements, handed over one at a time as they arrive. */
class Inbox {
  constructor() { this.items = []; this.waiter = null; }
  push(m) { if (this.waiter) { const w = this.waiter; this.waiter = null; w(m); } else this.items.push(m); }
  next() { return this.items.length ? Promise.resolve(this.items.shift()) : new Promise((r) => (this.waiter = r)); }
}

const run = async (q, m) => {
  try {
    post({ id: m.id, rows: (await q.query(m.sql, m.params)).rows });
  } catch (error) {
    post({ id: m.id, error: serialise(error) });
  }
};

(async () => {
  let pg;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    pg = await PGlite.create(workerData.dir);
  } catch (error) {
    post({ id: 0, error: serialise(error) });
    return;
  }
  const txs = new Map();
  let nextTx = 1;
  parentPort.on('message', (m) => {
    if (m.op === 'query') {
      if (m.tx === undefined) return void run(pg, m);
      const inbox = txs.get(m.tx);
      if (inbox) inbox.push(m);
      else post({ id: m.id, error: { name: 'Error', message: 'The transaction has ended' } });
    } else if (m.op === 'end') {
      const inbox = txs.get(m.tx);
      if (inbox) inbox.push(m);
      else post({ id: m.id, rows: [] });
    } else if (m.op === 'begin') {
      const txId = nextTx++;
      const inbox = new Inbox();
      txs.set(txId, inbox);
      let end = null;
      pg.transaction(async (tx) => {
        post({ id: m.id, tx: txId });
        for (;;) {
          const next = await inbox.next();
          if (next.op === 'end') {
            end = next;
            if (!next.commit) await tx.rollback();
            return;
          }
          await run(tx, next);
        }
      }).then(
        () => end && post({ id: end.id, rows: [] }),
        (error) => post({ id: end ? end.id : m.id, error: serialise(error) }),
      ).finally(() => txs.delete(txId));
    } else if (m.op === 'close') {
      pg.close().then(
        () => post({ id: m.id, rows: [] }),
        (error) => post({ id: m.id, error: serialise(error) }),
      );
    }
  });
  post({ id: 0, ready: true });
})();
`;
