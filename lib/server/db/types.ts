import type { Pool } from 'pg';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The store's whole surface; PGlite and node-postgres speak it with the same SQL. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Cross-process notifications (Postgres LISTEN/NOTIFY); absent on the embedded store. */
  readonly pubsub?: {
    listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
    notify(channel: string, payload: string): Promise<void>;
  };
  /** The node-postgres pool behind the store (Postgres only), for libraries that bring their own SQL. */
  readonly pgPool?: Pool;
  close(): Promise<void>;
}
