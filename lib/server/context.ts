import 'server-only';
import { hostname } from 'node:os';
import { demoAccountsEnabled, disableDemoAccounts, seedDemoAccounts } from './auth/demo';
import { sweepSessions } from './auth/sessions';
import { TokenSource } from './connection/token-source';
import { getEnv, type Env } from './env';
import { openDb, type Db } from './db';
import { DriftRecorder } from './drift';
import { insertApiCall } from './db/records';
import { EventHub, type EventHubOptions } from './event-hub';
import { FinClient } from './fin-client';
import { log } from './log';
import { storeRejections } from './webhook-rejections';

/** Everything a request needs, built once per process: configuration, store, Fin client, event hub. */
export interface ConsoleContext {
  env: Env;
  db: Db;
  fin: FinClient;
  hub: EventHub;
  /** The bearers the Fin client sends: the Fin Agent API key on /fin/*, the app (OAuth) token elsewhere. */
  connection: TokenSource;
  drift: DriftRecorder;
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
    else if (await disableDemoAccounts(db))
      log.warn('Demo accounts disabled (their sessions ended, tokens revoked): not in demo mode');
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const connection = new TokenSource(db, env);
  await connection.load();
  const drift = new DriftRecorder(db);
  const fin = new FinClient({
    baseUrl: env.finApiBaseUrl,
    token: (kind) => connection.token(kind),
    version: env.apiVersion,
    timeoutMs: env.finHttpTimeoutMs,
    record: (call) => insertApiCall(db, call),
    drift: drift.note,
    ...opts.fin,
  });
  const hub = new EventHub({
    db,
    instanceId: opts.instanceId ?? `${hostname()}:${env.port}`,
    drift: drift.note,
    streamsPerPrincipal: env.streamsPerPrincipal,
    ...opts.hub,
  });
  try {
    await hub.start();
  } catch (error) {
    await drift.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
  const ctx = { env, db, fin, hub, connection, drift };
  sweepers.set(ctx, startSessionSweep(ctx));
  return ctx;
}

/** Sessions nobody came back for are deleted at start and then hourly, not on any request. */
const SESSION_SWEEP_MS = 60 * 60 * 1000;
const sweepers = new WeakMap<ConsoleContext, NodeJS.Timeout>();

function startSessionSweep(ctx: ConsoleContext): NodeJS.Timeout {
  const sweep = () =>
    void sweepSessions(ctx.db, Date.now(), ctx.env.sessionMaxAgeMs).catch((error: unknown) =>
      log.warn('Session sweep failed', String(error)),
    );
  sweep();
  const timer = setInterval(sweep, SESSION_SWEEP_MS);
  timer.unref();
  return timer;
}

/** Stops following streams, then closes the store. */
export async function closeConsoleContext(ctx: ConsoleContext): Promise<void> {
  clearInterval(sweepers.get(ctx));
  await ctx.hub.close();
  await storeRejections(ctx.db);
  await ctx.drift.close().catch(() => undefined);
  await ctx.db.close();
}

const holder = globalThis as unknown as { __finConsole?: Promise<ConsoleContext> };

/** The process-wide context, cached on `globalThis` for dev reloads; a failed start is not cached. */
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
