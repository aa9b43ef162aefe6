import 'server-only';
import type { Queryable } from './db';
import { addRejections, listRejections, type RejectionSample, type RejectionTally } from './db/records';
import { log } from './log';

/** Samples kept per kind: the first few ever refused and the latest few. */
export const REJECTION_SAMPLES = 5;
/** The store is written at most this often per console instance, however many are refused. */
export const REJECTION_STORE_MS = 5_000;
/** A log line at the first refusal, then at most one this often, with the count in between. */
export const REJECTION_LOG_MS = 60_000;

type Kind = RejectionTally['kind'];

interface Counts {
  pending: Map<Kind, RejectionTally>;
  storedAt: number;
  loggedAt: number;
  unlogged: number;
  storing: Promise<void> | null;
  /** Stores what a burst left counted once its window has passed. */
  timer: ReturnType<typeof setTimeout> | null;
}

const perStore = new WeakMap<Queryable, Counts>();

function countsOf(db: Queryable): Counts {
  let c = perStore.get(db);
  if (!c) {
    c = {
      pending: new Map(),
      storedAt: -Infinity,
      loggedAt: -Infinity,
      unlogged: 0,
      storing: null,
      timer: null,
    };
    perStore.set(db, c);
  }
  return c;
}

/** Two tallies of one kind as one: `later` counted after `earlier`. */
export function mergeTallies(earlier: RejectionTally, later: RejectionTally): RejectionTally {
  return {
    kind: earlier.kind,
    total: earlier.total + later.total,
    first_at: earlier.first_at,
    last_at: later.last_at,
    first_samples: [...earlier.first_samples, ...later.first_samples].slice(0, REJECTION_SAMPLES),
    last_samples: [...earlier.last_samples, ...later.last_samples].slice(-REJECTION_SAMPLES),
  };
}

function add(pending: Map<Kind, RejectionTally>, t: RejectionTally): void {
  const had = pending.get(t.kind);
  pending.set(t.kind, had ? mergeTallies(had, t) : t);
}

const one = (kind: Kind, sample: RejectionSample): RejectionTally => ({
  kind,
  total: 1,
  first_at: sample.at,
  last_at: sample.at,
  first_samples: [sample],
  last_samples: [sample],
});

/** Counts a delivery refused for its signature; stored and logged at most every `REJECTION_STORE_MS`/`REJECTION_LOG_MS`, so a flood grows neither. */
export async function noteRejection(
  db: Queryable,
  kind: Kind,
  delivery: { reason: string; ip: string; bytes: number },
  now = Date.now(),
): Promise<void> {
  const c = countsOf(db);
  add(
    c.pending,
    one(kind, {
      at: new Date(now).toISOString(),
      // An address may come from a header the sender chose: kept short.
      ip: delivery.ip.slice(0, 64),
      reason: delivery.reason,
      bytes: delivery.bytes,
    }),
  );
  c.unlogged++;
  if (now - c.loggedAt >= REJECTION_LOG_MS) {
    const since = c.unlogged > 1 ? ` (${c.unlogged} refused since the last note)` : '';
    log.warn(`Rejected a webhook: ${delivery.reason}${since}`);
    c.loggedAt = now;
    c.unlogged = 0;
  }
  const wait = c.storedAt + REJECTION_STORE_MS - now;
  if (wait <= 0 && !c.storing) {
    c.storedAt = now;
    await storeRejections(db);
  } else if (!c.timer) {
    c.timer = setTimeout(
      () => {
        c.timer = null;
        c.storedAt = Date.now();
        void storeRejections(db);
      },
      Math.max(wait, 0),
    );
    c.timer.unref();
  }
}

/** Adds what is counted so far to the store's tallies now (also as the console closes). */
export async function storeRejections(db: Queryable): Promise<void> {
  const c = countsOf(db);
  if (c.timer) clearTimeout(c.timer);
  c.timer = null;
  if (c.storing) await c.storing;
  const tallies = [...c.pending.values()];
  if (tallies.length === 0) return;
  c.pending = new Map();
  c.storing = addRejections(db, tallies, REJECTION_SAMPLES)
    .catch((error: unknown) => {
      // Only figures: kept to be stored next time, and the delivery was refused all the same.
      const since = c.pending;
      c.pending = new Map();
      for (const t of [...tallies, ...since.values()]) add(c.pending, t);
      log.warn('Could not store the tally of rejected webhooks', error);
    })
    .finally(() => (c.storing = null));
  await c.storing;
}

/** Refused deliveries per kind: the store's tallies plus what this instance counted since. */
export async function webhookRejections(db: Queryable): Promise<RejectionTally[]> {
  const all = new Map((await listRejections(db)).map((t) => [t.kind, t]));
  for (const p of countsOf(db).pending.values()) add(all, p);
  return [...all.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
