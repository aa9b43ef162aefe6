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

/**
 * Postgres text cannot hold U+0000 and jsonb rejects unpaired surrogates too, yet Fin and browsers
 * may send either in any string. They are stored as U+FFFD, so a stray character never fails a
 * write, and a lookup by the same value finds the row.
 */
export const storableText = (s: string): string => s.toWellFormed().replaceAll('\u0000', '\ufffd');

/** Ids are index keys, which Postgres caps at about 2.7 kB; the console accepts ids up to this. */
export const MAX_KEY_BYTES = 1024;

/** Whether an id can be stored as a key (measured as it will be stored). */
export const fitsKey = (id: string): boolean => Buffer.byteLength(storableText(id)) <= MAX_KEY_BYTES;

/** Query parameters as the store can take them (see `storableText`). */
export const storableParams = (params: unknown[]): unknown[] =>
  params.map((p) => (typeof p === 'string' ? storableText(p) : p));

/** `\\` pairs are matched first, so an escaped backslash followed by "u0000" stays text. */
const UNSTORABLE_ESCAPE = /\\(\\|u0000|ud[89a-f][0-9a-f]{2})/g;

/**
 * jsonb parameters are always sent as text: node-postgres would turn JS arrays into SQL arrays.
 * JSON.stringify writes U+0000 and unpaired surrogates (in keys and values) as escapes, which
 * jsonb refuses: they become U+FFFD.
 */
export const jsonParam = (v: unknown): string | null =>
  v === undefined || v === null
    ? null
    : JSON.stringify(v).replace(UNSTORABLE_ESCAPE, (m: string, e: string) => (e === '\\' ? m : '\\ufffd'));
