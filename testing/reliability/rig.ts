/** Simulator, console on a throwaway store, and a webhook bridge that can delay, fail or go down. */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { startSimulator, type Simulator } from '@/lib/sim/server';
import { closeConsoleContext, createConsoleContext, type ConsoleContext } from '@/lib/server/context';
import { parseEnv, type Env } from '@/lib/server/env';
import { realtime } from '@/testing/server/harness';
import { openFreshStore, type StoreHandle as FreshStore } from '@/testing/store';
import { listenLocal, sleep } from '@/testing/util';

export type StoreKind = 'pglite' | 'postgres';

export interface StoreHandle extends FreshStore {
  kind: StoreKind;
}

export async function freshStore(kind: StoreKind, adminUrl: string | null = null): Promise<StoreHandle> {
  if (kind === 'postgres' && !adminUrl) throw new Error('a Postgres store needs TEST_DATABASE_URL');
  return { kind, ...(await openFreshStore(kind === 'pglite' ? null : adminUrl, 'fin-console-reliability')) };
}

const listen = async (server: Server): Promise<string> => {
  return listenLocal(server);
};

const closeServer = (server: Server) =>
  new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });

export interface CallbackRecord {
  stepId: string | null;
  status: number | null;
  at: number;
  /** The bearer the console sent, to tell which credential reached the callback. */
  bearer: string | null;
}

/** A pass-through all Fin traffic crosses; a POST whose caller timed out still completes upstream. */
async function startFinFront() {
  let target = '';
  const callbacks: CallbackRecord[] = [];
  const server = createServer((req, res) => {
    const isCallback = req.method === 'POST' && /\/collect_agent_input$/.test(req.url ?? '');
    const chunks: Buffer[] = [];
    if (isCallback) req.on('data', (c: Buffer) => chunks.push(c));
    const up = httpRequest(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (upRes) => {
        if (isCallback) {
          let stepId: string | null = null;
          try {
            stepId =
              String(
                (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { step_id?: string | number })
                  .step_id ?? '',
              ) || null;
          } catch {
            stepId = null;
          }
          const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
          callbacks.push({ stepId, status: upRes.statusCode ?? null, at: Date.now(), bearer });
        }
        if (!res.destroyed) res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
        upRes.on('close', () => {
          if (!upRes.complete) res.destroy();
        });
      },
    );
    up.on('error', () => res.destroy());
    // Streams follow their reader; a request body already sent is left to complete.
    res.on('close', () => {
      if (req.method === 'GET' && !res.writableFinished) up.destroy();
    });
    req.pipe(up);
  });
  const url = await listen(server);
  return {
    url,
    callbacks,
    setTarget: (t: string) => void (target = t),
    close: () => closeServer(server),
  };
}

export interface BridgeFaults {
  delayMs: [number, number];
  /** Share of distinct deliveries answered 503 the first time they arrive (the sender retries). */
  failOnceRate: number;
}

export interface BridgeRecord {
  status: number;
  kind: 'app' | 'fin' | 'other';
  at: number;
}

function deliveryKey(kind: string, raw: string): string {
  if (kind === 'app') {
    try {
      const id = (JSON.parse(raw) as { id?: unknown }).id;
      if (typeof id === 'string') return `app:${id}`;
    } catch {
      // not JSON: keyed by its body
    }
  }
  return createHash('sha256').update(raw).digest('hex');
}

function headersOf(req: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') h.set(k, v);
  return h;
}

export interface RigOptions {
  store: StoreKind;
  adminUrl?: string | null;
  timeoutMs?: number;
  webhookRetryMs?: number;
  random?: () => number;
}

export interface Rig {
  kind: StoreKind;
  sim: Simulator;
  simUrl: string;
  env: Env;
  token: string;
  appToken: string;
  adminToken: string;
  clientSecret: string;
  eventsSecret: string;
  store: StoreHandle;
  callbacks: CallbackRecord[];
  deliveries: BridgeRecord[];
  bridgeFaults: BridgeFaults;
  restarts: number;
  openMs: number;
  webhookRetryMs: number;
  ctx(): Promise<ConsoleContext>;
  /** Runs a console request: waits out a restart, and a restart waits for it (graceful drain). */
  track<T>(fn: () => Promise<T>): Promise<T>;
  onRestart(fn: (phase: 'down' | 'up') => void): () => void;
  restart(): Promise<number>;
  close(): Promise<void>;
}

const HUB_FAST = { sweepMs: 300, reconnectBaseMs: 50, reconnectMaxMs: 400, leaseTtlMs: 3_000 };
const holder = globalThis as unknown as { __finConsole?: Promise<ConsoleContext>; __finConsoleEnv?: Env };

export async function startRig(opts: RigOptions): Promise<Rig> {
  process.env.FIN_CONSOLE_QUIET = '1';
  const random = opts.random ?? Math.random;
  const token = `fin-rel-token-${randomBytes(12).toString('hex')}`;
  const appToken = `fin-rel-app-token-${randomBytes(12).toString('hex')}`;
  const adminToken = `rel-admin-${randomBytes(18).toString('base64url')}`;
  process.env.CONSOLE_ADMIN_TOKEN = adminToken;
  process.env.CONSOLE_DEMO_ACCOUNTS = '1';
  const clientSecret = `rel-client-${randomBytes(8).toString('hex')}`;
  const eventsSecret = `rel-events-${randomBytes(8).toString('hex')}`;
  const store = await freshStore(opts.store, opts.adminUrl ?? null);
  const front = await startFinFront();

  const deliveries: BridgeRecord[] = [];
  const bridgeFaults: BridgeFaults = { delayMs: [0, 0], failOnceRate: 0 };
  const failedOnce = new Set<string>();
  let down = false;
  let inflight = 0;
  let drained: (() => void) | null = null;
  let gate: Promise<void> | null = null;
  const listeners = new Set<(phase: 'down' | 'up') => void>();

  async function track<T>(fn: () => Promise<T>): Promise<T> {
    while (gate) await gate;
    inflight++;
    try {
      return await fn();
    } finally {
      inflight--;
      if (inflight === 0) drained?.();
    }
  }

  const bridge = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const kind = req.headers['x-hub-signature']
          ? 'app'
          : req.headers['x-fin-agent-api-webhook-signature']
            ? 'fin'
            : 'other';
        const answer = (status: number, body = '') => {
          deliveries.push({ status, kind, at: Date.now() });
          res.writeHead(status, { 'content-type': 'application/json' }).end(body);
        };
        const [min, max] = bridgeFaults.delayMs;
        if (max > 0) await sleep(min + Math.floor(random() * (max - min + 1)));
        if (down) return answer(503);
        // One delivery, however often sent: a retried app notification carries a new
        // delivery_attempts, so it is known by its envelope id; a Fin event by its body.
        const delivery = deliveryKey(kind, raw);
        if (
          bridgeFaults.failOnceRate > 0 &&
          !failedOnce.has(delivery) &&
          random() < bridgeFaults.failOnceRate
        ) {
          failedOnce.add(delivery);
          return answer(503);
        }
        try {
          const out = await track(() =>
            realtime(
              new Request('http://console.test/api/webhooks/intercom', {
                method: 'POST',
                headers: headersOf(req),
                body: raw,
              }),
            ),
          );
          answer(out.status, await out.text());
        } catch {
          answer(500);
        }
      })();
    });
  });
  const bridgeUrl = `${await listen(bridge)}/api/webhooks/intercom`;

  const env = parseEnv({
    FIN_API_BASE_URL: front.url,
    FIN_AGENT_API_KEY: token,
    INTERCOM_ACCESS_TOKEN: appToken,
    INTERCOM_CLIENT_SECRET: clientSecret,
    FIN_EVENTS_WEBHOOK_SECRET: eventsSecret,
    DATA_DIR: store.dataDir,
    DATABASE_URL: store.databaseUrl ?? undefined,
    FIN_HTTP_TIMEOUT_MS: String(opts.timeoutMs ?? 1500),
    CONSOLE_ADMIN_TOKEN: adminToken,
    CONSOLE_DEMO_ACCOUNTS: '1',
    // Fuzzed sign-ins each get their own X-Forwarded-For, so failures don't lock the account out.
    TRUST_PROXY: '1',
  });
  // Anything that reads the process configuration sees this console's, never ./data.
  holder.__finConsoleEnv = env;
  const open = () =>
    createConsoleContext({
      env,
      instanceId: `reliability-${process.pid}`,
      hub: HUB_FAST,
      fin: { backoffMs: 20 },
    });
  const opening = Date.now();
  holder.__finConsole = Promise.resolve(await open());
  const openMs = Date.now() - opening;
  // Fin retries a refused webhook once; a restart here (PGlite boots in seconds under load)
  // must not outlast that retry, or the test would measure the machine, not the console.
  const webhookRetryMs = opts.webhookRetryMs ?? Math.min(20_000, Math.max(1500, openMs * 2 + 1000));
  const sim = await startSimulator({
    port: 0,
    token,
    appToken,
    webhookUrl: bridgeUrl,
    webhookSecret: clientSecret,
    eventsSecret,
    pace: 'instant',
    publicUrl: front.url,
    webhookRetryMs,
  });
  front.setTarget(sim.url);

  const rig: Rig = {
    kind: opts.store,
    sim,
    simUrl: sim.url,
    env,
    token,
    appToken,
    adminToken,
    clientSecret,
    eventsSecret,
    store,
    callbacks: front.callbacks,
    deliveries,
    bridgeFaults,
    restarts: 0,
    openMs,
    webhookRetryMs,
    ctx: () => holder.__finConsole!,
    track,
    onRestart(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async restart() {
      const started = Date.now();
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      const old = await holder.__finConsole!;
      // Requests already inside the console finish first (a graceful stop), bounded.
      if (inflight > 0) await Promise.race([new Promise<void>((r) => (drained = r)), sleep(5000)]);
      drained = null;
      down = true;
      for (const fn of listeners) fn('down');
      await closeConsoleContext(old);
      const next = await open();
      holder.__finConsole = Promise.resolve(next);
      down = false;
      rig.restarts++;
      gate = null;
      release();
      for (const fn of listeners) fn('up');
      return Date.now() - started;
    },
    async close() {
      await sim.close();
      const current = holder.__finConsole;
      holder.__finConsole = undefined;
      if (current) await closeConsoleContext(await current).catch(() => undefined);
      holder.__finConsoleEnv = undefined;
      await closeServer(bridge);
      await front.close();
      await store.drop();
    },
  };
  return rig;
}
