import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from './pglite';
import type { Db } from './types';

/** The embedded store runs on its own thread; these pin down that it still behaves as one database. */
describe('the embedded store on its own thread', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pglite-thread-'));
    db = await openPglite(dir);
    await db.query('CREATE TABLE t (id int PRIMARY KEY, at timestamptz, doc jsonb)');
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Linux keeps a nice value per thread (field 19 of /proc/<pid>/task/<tid>/stat).
  it.runIf(process.platform === 'linux')('runs below the main thread’s priority, and only it', () => {
    const nice = (tid: string) => {
      const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const threads = readdirSync(`/proc/${process.pid}/task`);
    expect(nice(String(process.pid))).toBe(0);
    expect(threads.filter((tid) => nice(tid) === 10)).toHaveLength(1);
  });

  it('returns rows with their types (numbers, Dates, parsed jsonb)', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    await db.query('INSERT INTO t VALUES ($1, $2, $3::jsonb)', [1, at, JSON.stringify({ a: [1, 'b'] })]);
    expect(await db.query('SELECT * FROM t WHERE id = 1')).toEqual([{ id: 1, at, doc: { a: [1, 'b'] } }]);
  });

  it('keeps Postgres error fields, so a constraint violation can be told apart', async () => {
    const error = await db.query('INSERT INTO t (id) VALUES (1)').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', message: expect.stringContaining('duplicate key') });
  });

  it('commits a transaction as a whole, and rolls it back as a whole when its function throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id) VALUES (2)');
      await tx.query('INSERT INTO t (id) VALUES (3)');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES (4)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const ids = (await db.query<{ id: number }>('SELECT id FROM t ORDER BY id')).map((r) => r.id);
    expect(ids).toEqual([1, 2, 3]);
  });

  it('runs statements sent meanwhile after the open transaction, never inside it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = db.transaction(async (q) => {
      await q.query('INSERT INTO t (id) VALUES (5)');
      await held;
      throw new Error('roll back');
    });
    // Sent while the transaction is open: it must neither see nor join the insert of 5.
    const outside = db.query('INSERT INTO t (id) VALUES (6) RETURNING id');
    release();
    await expect(tx).rejects.toThrow('roll back');
    await expect(outside).resolves.toEqual([{ id: 6 }]);
    const ids = (await db.query<{ id: number }>('SELECT id FROM t WHERE id >= 5 ORDER BY id')).map(
      (r) => r.id,
    );
    expect(ids).toEqual([6]);
  });

  it('answers many statements in flight at once, each with its own rows', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => db.query<{ n: number }>('SELECT $1::int * 2 AS n', [i])),
    );
    expect(answers.map((rows) => rows[0]!.n)).toEqual(Array.from({ length: 200 }, (_, i) => i * 2));
  });

  it('keeps what was written across a close and reopen', async () => {
    await db.close();
    db = await openPglite(dir);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t'))[0]!.n).toBe(4);
  });
});
