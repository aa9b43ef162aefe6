// Integration wiring: a real simulator, a real store (PGlite, or Postgres with TEST_DATABASE_URL), the realtime entry on loopback.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '@/lib/sim/server';
import { waitFor as simWaitFor } from '@/testing/sim';
import {
  closeConsoleContext,
  createConsoleContext,
  getConsole,
  resetConsole,
  type ConsoleContext,
} from '@/lib/server/context';
import type { Role } from '@/lib/server/auth/roles';
import { openDb, type Db } from '@/lib/server/db';
import { SESSION_COOKIE } from '@/lib/server/auth/sessions';
import { createToken } from '@/lib/server/auth/tokens';
import { createUser } from '@/lib/server/auth/users';
import { parseEnv, type Env } from '@/lib/server/env';
import { WEBHOOK_PATH } from '@/lib/server/connection/service';
import { admitRequest, serveRealtime } from '@/lib/server/realtime-entry';
import { openFreshStore, type StoreHandle } from '@/testing/store';
import { listenLocal } from '@/testing/util';

export const TOKEN = 'test-token';
export const APP_TOKEN = 'test-app-token';
export const CLIENT_SECRET = 'test-client-secret';
export const EVENTS_SECRET = 'test-events-secret';
/** CONSOLE_ADMIN_TOKEN: requests built here carry it unless told otherwise. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;
export const ENCRYPTION_KEY = randomBytes(32).toString('hex');

export function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 3000,
  what = 'condition',
): Promise<T> {
  return simWaitFor(probe, timeoutMs, what, 25);
}

export type { StoreHandle };

/** A fresh, empty store: its own temp dir, and its own database on Postgres. */
export const freshStore = (): Promise<StoreHandle> => openFreshStore(TEST_DATABASE_URL, 'fin-console-test');

/** A fresh store for the enclosing suite, read inside tests (`db()`): it exists once `beforeAll` ran. */
export function freshDbPerSuite(): (() => Db) & { dataDir: () => string } {
  let store: StoreHandle | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    store = await freshStore();
    db = await openDb({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  });
  afterAll(async () => {
    await db?.close();
    await store?.drop();
  });
  const opened = <T>(v: T | undefined): T => {
    if (v === undefined)
      throw new Error('freshDbPerSuite: the store is opened in beforeAll; read it inside a test');
    return v;
  };
  return Object.assign(() => opened(db), { dataDir: () => opened(store).dataDir });
}

export function countingStore(store: Db): { counted: Db; statements: () => number } {
  let n = 0;
  const counted: Db = { ...store, query: (sql, params) => (n++, store.query(sql, params)) };
  return { counted, statements: () => n };
}

/** The realtime entry on a loopback node:http server, admitted as the console's server does. */
export interface RealtimeServer {
  base: string;
  url: string;
  server: Server;
  /** While true webhooks get 503 and nothing is ingested: SSE alone must carry events. */
  paused: boolean;
  fetch(req: Request): Promise<Response>;
  close(): Promise<void>;
}

export async function startRealtimeServer(
  ctx: () => Promise<ConsoleContext> = () => getConsole(),
): Promise<RealtimeServer> {
  const server = createServer((req, res) => {
    if (realtime.paused) return void req.resume().on('end', () => res.writeHead(503).end());
    ctx().then(
      (c) => {
        if (admitRequest(req, res, c.env) && !serveRealtime(req, res, ctx)) res.writeHead(404).end();
      },
      () => res.writeHead(503).end(),
    );
  });
  const base = await listenLocal(server);
  const realtime: RealtimeServer = {
    base,
    url: `${base}${WEBHOOK_PATH}`,
    server,
    paused: false,
    async fetch(req) {
      const { pathname, search } = new URL(req.url);
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
      const headers = new Headers(req.headers);
      for (const name of HOP_BY_HOP) headers.delete(name);
      return fetch(`${base}${pathname}${search}`, { method: req.method, headers, body, signal: req.signal });
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  return realtime;
}

const HOP_BY_HOP = ['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade'];
let shared: Promise<RealtimeServer> | undefined;

export async function realtime(req: Request): Promise<Response> {
  shared ??= startRealtimeServer().then((s) => (s.server.unref(), s));
  return (await shared).fetch(req);
}

/** Posts `raw` to the realtime entry's webhook path, signed as an app notification or a Fin event, or with `headers`. */
export function deliverWebhook(raw: string, sign: 'app' | 'fin' | Record<string, string>): Promise<Response> {
  const headers =
    sign === 'app'
      ? { 'x-hub-signature': `sha1=${createHmac('sha1', CLIENT_SECRET).update(raw).digest('hex')}` }
      : sign === 'fin'
        ? {
            'x-fin-agent-api-webhook-signature': `sha256=${createHmac('sha256', EVENTS_SECRET).update(raw).digest('hex')}`,
          }
        : sign;
  return realtime(
    new Request(`http://console.test${WEBHOOK_PATH}`, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', ...headers },
    }),
  );
}

export interface Harness {
  sim: Simulator;
  bridge: RealtimeServer;
  env: Env;
  store: StoreHandle;
  ctx(): Promise<ConsoleContext>;
  restart(): Promise<ConsoleContext>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  webhooks?: boolean;
  demoAccounts?: boolean;
  /** Where the console calls the Fin API instead of the simulator (a stub in front of it). */
  finApiBaseUrl?: string;
  /** The console's INTERCOM_ACCESS_TOKEN, when a test wants it wrong (default APP_TOKEN). */
  consoleAppToken?: string;
  simulator?: Partial<SimulatorOptions>;
  intercomIds?: boolean;
  env?: Record<string, string>;
}

const HUB_FAST = { sweepMs: 300, reconnectBaseMs: 50, reconnectMaxMs: 400, leaseTtlMs: 3_000 };

/** Simulator and console wired together, the console installed process-wide for the imported routes. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  process.env.FIN_CONSOLE_QUIET = '1';
  const store = await freshStore();
  const bridge = await startRealtimeServer();
  const sim = await startSimulator({
    port: 0,
    token: TOKEN,
    appToken: APP_TOKEN,
    ...opts.simulator,
    webhookUrl: opts.webhooks === false ? undefined : bridge.url,
    webhookSecret: CLIENT_SECRET,
    eventsSecret: EVENTS_SECRET,
    pace: 'instant',
    webhookRetryMs: 200,
    intercomIds: opts.intercomIds ?? false,
  });
  const env = parseEnv({
    FIN_API_BASE_URL: opts.finApiBaseUrl ?? sim.url,
    FIN_AGENT_API_KEY: TOKEN,
    INTERCOM_ACCESS_TOKEN: opts.consoleAppToken ?? APP_TOKEN,
    INTERCOM_CLIENT_SECRET: CLIENT_SECRET,
    FIN_EVENTS_WEBHOOK_SECRET: EVENTS_SECRET,
    DATA_DIR: store.dataDir,
    DATABASE_URL: store.databaseUrl ?? undefined,
    FIN_HTTP_TIMEOUT_MS: '3000',
    CONSOLE_ADMIN_TOKEN: ADMIN_TOKEN,
    CONSOLE_DEMO_ACCOUNTS: opts.demoAccounts ? '1' : '0',
    INTERCOM_CLIENT_ID: 'sim-client-id',
    CONSOLE_ENCRYPTION_KEY: ENCRYPTION_KEY,
    ...opts.env,
  });
  const install = async () => {
    const ctx = await createConsoleContext({
      env,
      instanceId: `test-${process.pid}`,
      hub: HUB_FAST,
      fin: { backoffMs: 20 },
    });
    (globalThis as { __finConsole?: Promise<ConsoleContext> }).__finConsole = Promise.resolve(ctx);
    return ctx;
  };
  await install();
  return {
    sim,
    bridge,
    env,
    store,
    ctx: () => getConsole(),
    async restart() {
      await resetConsole();
      return install();
    },
    async close() {
      await sim.close();
      await bridge.close();
      await resetConsole();
      await store.drop();
    },
  };
}

/** A harness started before the file's tests and closed after them; its fields exist from `beforeAll` on. */
export function harnessPerFile(opts?: HarnessOptions): Harness {
  const h = {} as Harness;
  beforeAll(async () => void Object.assign(h, await startHarness(opts)));
  afterAll(() => h.close?.());
  return h;
}

/** Stores one escalated status event for conversation `id`, as a webhook delivery would. */
export const ingestEscalated = (ctx: Pick<ConsoleContext, 'hub'>, id: string) =>
  ctx.hub.ingest(
    id,
    {
      event_name: 'fin_status_updated',
      conversation_id: id,
      user_id: 'u',
      status: 'escalated',
      created_at_ms: new Date().toISOString(),
    },
    'webhook',
  );

/** A second console instance on the same store (multi-instance tests on Postgres). */
export async function openPeer(h: Harness, instanceId: string): Promise<ConsoleContext> {
  return createConsoleContext({ env: h.env, instanceId, hub: HUB_FAST, fin: { backoffMs: 20 } });
}
export { closeConsoleContext };

export interface SseMessage {
  event: string | undefined;
  id: string | undefined;
  data: string;
}

export function readSse(res: Response) {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const parser = createParser({
    onEvent: (m) => messages.push({ event: m.event, id: m.id, data: m.data }),
    onComment: (c) => comments.push(c.trim()),
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    try {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) return 'closed' as const;
        parser.feed(value);
      }
    } catch {
      return 'aborted' as const;
    }
  })();
  return { messages, comments, done, close: () => reader.cancel().catch(() => undefined) };
}

/** Who a test request comes from: the operations token by default, null for no credentials. */
export type As = { bearer: string } | { cookie: string } | null;

function credentials(as: As | undefined): Record<string, string> {
  if (as === null) return {};
  if (as === undefined) return { authorization: `Bearer ${ADMIN_TOKEN}` };
  if ('bearer' in as) return { authorization: `Bearer ${as.bearer}` };
  return { cookie: `${SESSION_COOKIE}=${as.cookie}` };
}

export const jsonRequest = (url: string, body: unknown, init: RequestInit & { as?: As } = {}) =>
  new Request(`http://console.test${url}`, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      ...credentials(init.as),
      ...(init.headers as Record<string, string>),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });

export const getRequest = (url: string, init: RequestInit & { as?: As } = {}) => {
  const { as, headers, ...rest } = init;
  return new Request(`http://console.test${url}`, {
    ...rest,
    headers: { ...credentials(as), ...(headers as Record<string, string>) },
  });
};

const teammates = new Map<string, Promise<As>>();

/** An API token of a teammate called `name`, whose account is made on first use per store. */
export function actingAs(h: Pick<Harness, 'ctx' | 'store'>, name: string, role: Role = 'lead'): Promise<As> {
  const key = `${h.store.dataDir}|${name}|${role}`;
  let found = teammates.get(key);
  if (!found) {
    found = (async () => {
      const ctx = await h.ctx();
      const user = await createUser(ctx.db, {
        name,
        email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${role}-${uid('u')}@test.test`,
        role,
        password: 'a-long-test-password',
      });
      return { bearer: (await createToken(ctx.db, { userId: user.id, name: `${name} test` })).secret };
    })();
    teammates.set(key, found);
  }
  return found;
}

export const params = <P>(p: P) => ({ params: Promise.resolve(p) });

export const uid = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/** A `fin_replied` event for `conversationId`, as Fin's webhook sends it. */
export function finRepliedEvent(conversationId: string): string {
  const at = new Date().toISOString();
  return JSON.stringify({
    event_name: 'fin_replied',
    conversation_id: conversationId,
    user_id: 'webhook-user',
    message: { id: uid('msg'), author: 'fin', body: '<p>Hi</p>', timestamp_ms: at },
    status: 'replying',
    created_at_ms: at,
  });
}
