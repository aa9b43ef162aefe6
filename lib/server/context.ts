import 'server-only';
import { hostname } from 'node:os';
import { demoAccountsEnabled, seedDemoAccounts } from './auth/demo';
import { TokenSource } from './connection/token-source';
import { getEnv, type Env } from './env';
import { openDb, type Db } from './db';
import { insertApiCall } from './db/records';
import { EventHub, type EventHubOptions } from './event-hub';
import { FinClient } from './fin-client';
import { log } from './log';

/** Everything a request needs, built once per process: configuration, store, Fin client, event hub. */
export interface ConsoleContext {
  env: Env;
  db: Db;
  fin: FinClient;
  hub: EventHub;
  /** The bearer the Fin client sends: a connected OAuth token, else INTERCOM_ACCESS_TOKEN. */
  connection: TokenSource;
}

export interface CreateContextOptions {
  env: Env;
  /** Distinguishes instances sharing one Postgres; stable across restarts of the same server. */
  instanceId?: string;
  hub?: Omit<EventHubOptions, 'db' | 'instanceId'>;
  fin?: { maxAttempts?: number; backoffMs?: number };
}

/** Opens the store, wires the client and starts the hub (which resumes live streams). */
export async function createConsoleContext(opts: CreateContextOptions): Promise<ConsoleContext> {
  const { env } = opts;
  const db = await openDb(env);
  try {
    if (demoAccountsEnabled(env)) await seedDemoAccounts(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const connection = new TokenSource(db, env);
  await connection.load();
  const fin = new FinClient({
    baseUrl: env.finApiBaseUrl,
    token: () => connection.token(),
    timeoutMs: env.finHttpTimeoutMs,
    record: (call) => insertApiCall(db, call),
    ...opts.fin,
  });
  const hub = new EventHub({
    db,
    instanceId: opts.instanceId ?? `${hostname()}:${env.port}`,
    streamsPerPrincipal: env.streamsPerPrincipal,
    ...opts.hub,
  });
  try {
    await hub.start();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return { env, db, fin, hub, connection };
}

/** Stops following streams, then closes the store. */
export async function closeConsoleContext(ctx: ConsoleContext): Promise<void> {
  await ctx.hub.close();
  await ctx.db.close();
}

const holder = globalThis as unknown as { __finConsole?: Promise<ConsoleContext> };

/**
 * The process-wide context, cached on `globalThis` so dev reloads reuse one store and one hub.
 * A failed start is not cached: the next request tries again.
 */
export function getConsole(): Promise<ConsoleContext> {
  holder.__finConsole ??= (async () => createConsoleContext({ env: getEnv() }))().catch((error: unknown) => {
    holder.__finConsole = undefined;
    log.error('The console could not start', error);
    throw error;
  });
  return holder.__finConsole;
}

/** Closes the process-wide context (shutdown, or a test restarting the console on the same data). */
export async function resetConsole(): Promise<void> {
  const current = holder.__finConsole;
  holder.__finConsole = undefined;
  if (current) await closeConsoleContext(await current).catch(() => undefined);
}
