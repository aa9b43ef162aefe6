import 'server-only';
import type { Env } from '../env';
import { migrate } from './migrations';
import type { Db } from './types';

export type { Db, Queryable } from './types';

/** Opens the configured store (Postgres when DATABASE_URL is set, else PGlite in DATA_DIR) and migrates it. */
export async function openDb(env: Pick<Env, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  const db = env.databaseUrl
    ? await (await import('./postgres')).openPostgres(env.databaseUrl)
    : await (await import('./pglite')).openPglite(env.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}

/** Timestamps come back as Date from both drivers; the API speaks ISO strings. */
export const iso = (v: Date | string | null | undefined): string | null =>
  v == null ? null : new Date(v).toISOString();

/** jsonb parameters are always sent as text: node-postgres would turn JS arrays into SQL arrays. */
export const jsonParam = (v: unknown): string | null =>
  v === undefined || v === null ? null : JSON.stringify(v);
