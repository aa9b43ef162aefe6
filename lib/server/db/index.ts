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

/** Postgres text cannot hold U+0000 nor jsonb unpaired surrogates: both are stored as U+FFFD so writes and lookups agree. */
export const storableText = (s: string): string =>
  // Every batch's JSON passes here: checking costs a scan, a copy costs the garbage collector too.
  s.isWellFormed() && !s.includes('\u0000') ? s : s.toWellFormed().replaceAll('\u0000', '\ufffd');

/** Ids are index keys, which Postgres caps at about 2.7 kB; the console accepts ids up to this. */
export const MAX_KEY_BYTES = 1024;

/** Whether an id can be stored as a key (measured as it will be stored). */
export const fitsKey = (id: string): boolean => Buffer.byteLength(storableText(id)) <= MAX_KEY_BYTES;

export const storableParams = (params: unknown[]): unknown[] =>
  params.map((p) => (typeof p === 'string' ? storableText(p) : p));

/** `\\` pairs are matched first, so an escaped backslash followed by "u0000" stays text. */
const UNSTORABLE_ESCAPE = /\\(\\|u0000|ud[89a-f][0-9a-f]{2})/g;

/** jsonb parameters go as text (node-postgres would make JS arrays SQL arrays), with U+0000 and lone surrogates as U+FFFD. */
export const jsonParam = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  const json = JSON.stringify(v);
  // Both unstorable escapes start with "\u"; most batches have none.
  return json.includes('\\u')
    ? json.replace(UNSTORABLE_ESCAPE, (m: string, e: string) => (e === '\\' ? m : '\\ufffd'))
    : json;
};
