import 'server-only';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { storableParams } from '.';
import type { Db, Queryable } from './types';

/** Opens the embedded Postgres kept in `dataDir` (created on first use). */
export async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = path.resolve(dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const pg = await PGlite.create(dir);
  const wrap = (q: { query: typeof pg.query }): Queryable => ({
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await q.query<T>(sql, storableParams(params))).rows,
  });
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
}
