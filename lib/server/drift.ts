import 'server-only';
import type { DriftItem } from '@/lib/console/types';
import type { ContractIssue } from '@/lib/fin';
import { iso, jsonParam, type Db } from './db';
import { log } from './log';

export type DriftSink = (where: string, issues: readonly ContractIssue[]) => void;

interface Pending {
  where: string;
  path: string;
  expected: string;
  received: string;
  count: number;
  first: string;
  last: string;
}

/** Kinds one process tracks; beyond it new kinds are dropped (counts of known ones still grow). */
const MAX_KINDS = 1_000;
const MAX_TEXT = 200;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);

/** Records each kind of contract drift once with a count and first/last seen; `note` is a map update, flushed in one upsert. */
export class DriftRecorder {
  private readonly stored = new Set<string>();
  private pending = new Map<string, Pending>();
  private readonly timer: NodeJS.Timeout;
  private urgent: NodeJS.Immediate | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private warnedFull = false;

  constructor(
    private readonly db: Db,
    flushMs = 5_000,
  ) {
    this.timer = setInterval(() => void this.flush(), flushMs);
    this.timer.unref();
  }

  readonly note: DriftSink = (where, issues) => {
    const now = new Date().toISOString();
    let fresh = false;
    for (const issue of issues) {
      const kind = {
        where: clip(where),
        path: clip(issue.path),
        expected: clip(issue.expected),
        received: clip(issue.received),
      };
      const key = `${kind.where}\u0000${kind.path}\u0000${kind.expected}\u0000${kind.received}`;
      const known = this.stored.has(key);
      if (!known && this.stored.size >= MAX_KINDS) {
        if (!this.warnedFull)
          log.warn(`Contract drift: more than ${MAX_KINDS} kinds seen; new kinds are not recorded`);
        this.warnedFull = true;
        continue;
      }
      const entry = this.pending.get(key);
      if (entry) {
        entry.count++;
        entry.last = now;
      } else this.pending.set(key, { ...kind, count: 1, first: now, last: now });
      if (!known) {
        this.stored.add(key);
        fresh = true;
        log.warn(
          `Contract drift at ${kind.where}: ${kind.path} expected ${kind.expected}, received ${kind.received}`,
        );
      }
    }
    if (fresh && !this.urgent) {
      this.urgent = setImmediate(() => {
        this.urgent = null;
        void this.flush();
      });
    }
  };

  /** Writes the counts gathered since the last flush (one statement); a failed write keeps them for the next. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.db.query(UPSERT, [jsonParam([...batch.values()])]);
      } catch (error) {
        log.error('Could not record contract drift', error);
        for (const [key, p] of batch) {
          const newer = this.pending.get(key);
          this.pending.set(key, newer ? { ...p, count: p.count + newer.count, last: newer.last } : p);
        }
      }
    });
    return this.flushing;
  }

  /** Every kind recorded, most recently seen first (pending counts included). */
  async list(): Promise<DriftItem[]> {
    await this.flush();
    const rows = await this.db.query<{
      where_seen: string;
      path: string;
      expected: string;
      received: string;
      count: string | number;
      first_seen: Date | string;
      last_seen: Date | string;
    }>('SELECT * FROM contract_drift ORDER BY last_seen DESC, where_seen, path LIMIT 1000');
    return rows.map((r) => ({
      where: r.where_seen,
      path: r.path,
      expected: r.expected,
      received: r.received,
      count: Number(r.count),
      first_seen: iso(r.first_seen)!,
      last_seen: iso(r.last_seen)!,
    }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.urgent) clearImmediate(this.urgent);
    await this.flush();
  }
}

const UPSERT = `INSERT INTO contract_drift AS d (where_seen, path, expected, received, count, first_seen, last_seen)
  SELECT x."where", x.path, x.expected, x.received, x.count, x.first, x.last
  FROM jsonb_to_recordset($1::jsonb) AS x("where" text, path text, expected text, received text, count bigint, first timestamptz, last timestamptz)
  ON CONFLICT (where_seen, path, expected, received) DO UPDATE SET
    count = d.count + excluded.count,
    first_seen = LEAST(d.first_seen, excluded.first_seen),
    last_seen = GREATEST(d.last_seen, excluded.last_seen)`;
