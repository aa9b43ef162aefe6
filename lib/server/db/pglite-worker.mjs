// @ts-check
// The store's own thread (see pglite.ts): PGlite's synchronous WebAssembly held up the main thread.
// Plain JavaScript with JSDoc types, so Node starts it as is under Next, tsx and vitest.
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// A relayed event waits on the main thread; the store's batches can wait their turn for a core.
// Only on Linux, where the nice value is per thread: elsewhere it would lower the whole process.
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {}
}

/** @typedef {import('./pglite').WorkerRequest} WorkerRequest */
/** @typedef {import('./pglite').WorkerReply} WorkerReply */
/** @typedef {Extract<WorkerRequest, { op: 'query' | 'end' }>} TxMessage */

if (!parentPort) throw new Error('pglite-worker.mjs runs only as a worker thread');
const port = parentPort;

/** @param {WorkerReply} m */
const post = (m) => port.postMessage(m);

/** @param {unknown} error @returns {Record<string, unknown>} */
function serialise(error) {
  /** @type {Record<string, unknown>} */
  const out = {
    message: String(error instanceof Error ? error.message : error),
    name: error instanceof Error ? error.name : 'Error',
  };
  if (error && typeof error === 'object')
    for (const [k, v] of Object.entries(error))
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
  return out;
}

class Inbox {
  /** @type {TxMessage[]} */
  items = [];
  /** @type {((m: TxMessage) => void) | null} */
  waiter = null;

  /** @param {TxMessage} m */
  push(m) {
    const w = this.waiter;
    this.waiter = null;
    if (w) w(m);
    else this.items.push(m);
  }

  /** @returns {Promise<TxMessage>} */
  next() {
    const first = this.items.shift();
    return first ? Promise.resolve(first) : new Promise((r) => (this.waiter = r));
  }
}

/**
 * @param {Pick<PGlite, 'query'>} q
 * @param {Extract<WorkerRequest, { op: 'query' }>} m
 */
async function run(q, m) {
  try {
    post({ id: m.id, rows: (await q.query(m.sql, m.params)).rows });
  } catch (error) {
    post({ id: m.id, error: serialise(error) });
  }
}

/** @type {PGlite} */
let pg;
try {
  pg = await PGlite.create(/** @type {{ dir: string }} */ (workerData).dir);
} catch (error) {
  post({ id: 0, error: serialise(error) });
  throw error;
}
/** @type {Map<number, Inbox>} */
const txs = new Map();
let nextTx = 1;

/** @param {Extract<WorkerRequest, { op: 'begin' }>} m */
function begin(m) {
  const txId = nextTx++;
  const inbox = new Inbox();
  txs.set(txId, inbox);
  /** @type {Extract<WorkerRequest, { op: 'end' }> | null} */
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
  })
    .then(
      () => end && post({ id: end.id, rows: [] }),
      (error) => post({ id: end ? end.id : m.id, error: serialise(error) }),
    )
    .finally(() => txs.delete(txId));
}

port.on('message', (/** @type {WorkerRequest} */ m) => {
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
    begin(m);
  } else if (m.op === 'close') {
    pg.close().then(
      () => post({ id: m.id, rows: [] }),
      (error) => post({ id: m.id, error: serialise(error) }),
    );
  }
});
post({ id: 0, ready: true });
