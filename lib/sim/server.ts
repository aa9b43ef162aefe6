import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { intercomVersionSchema, INTERCOM_VERSION_INVALID, invalidVersionMessage, MESSAGES } from '@/lib/fin';
import { createClock } from './clock';
import { APP_ID, type SimContext } from './context';
import * as control from './control-routes';
import { Engine } from './engine';
import { FAULT_HEADER, failCode, FaultState, parseFaultHeader, type Faults } from './faults';
import * as fin from './fin-routes';
import { collectAgentInput } from './hitl-routes';
import { errorBody, fail, HttpError, readJson, sendJson, type Call, type Reply } from './http';
import { StreamHub } from './hub';
import { createIdSource } from './ids';
import {
  authorizePage,
  exchangeToken,
  me,
  OAuthState,
  SIM_APP_TOKEN,
  SIM_CLIENT_ID,
  type BearerScope,
} from './oauth';
import { ProcedureRegistry } from './procedure-registry';
import { HEARTBEAT_MS, openEventStream } from './sse';
import { Store } from './state';
import { createPace, TimerSet } from './timers';
import { TokenService } from './tokens';
import { shapeAnswer, Variants } from './variants';
import { WebhookSender } from './webhooks';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** The Fin Agent API key: accepted on `/fin/*` only. */
  token: string;
  /** The app (OAuth) token: accepted on collect_agent_input and `GET /me`, and on `/fin/*` too (default 'sim-app-token'). */
  appToken?: string;
  webhookUrl?: string;
  /** App client secret: HITL webhooks are signed `X-Hub-Signature: sha1=<hex hmac-sha1 of raw body>`; also the OAuth client secret. */
  webhookSecret: string;
  /** The OAuth app's client id (default 'sim-client-id'). */
  clientId?: string;
  /** Fin event webhooks are signed `X-Fin-Agent-API-Webhook-Signature: sha256=<hex>`; defaults to webhookSecret. */
  eventsSecret?: string;
  pace?: 'instant' | 'demo';
  /** Base used in sse_subscription_url / callback_url; default http://host:port. */
  publicUrl?: string;
  /** Off by default: the references return `intercom_conversation_id` only from /fin/escalate. */
  intercomIds?: boolean;
  /** Delay before the single webhook retry; default 1000 ms (instant) or 60000 ms (demo). */
  webhookRetryMs?: number;
  heartbeatMs?: number;
  /** The realism setting (FIN_SIM_VARIANTS): see `variants.ts`. Default off; switchable at `/_sim/variants`. */
  variants?: boolean;
  /** Where saved procedures are kept (`procedures.json`); absent = in memory only. */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface Simulator {
  url: string;
  close(): Promise<void>;
}

type Handler = (ctx: SimContext, call: Call) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
  scope: BearerScope;
}

function route(method: string, path: string, handler: Handler, scope: BearerScope = 'fin'): Route {
  const keys: string[] = [];
  const source = path.replace(/:([a-z_]+)/g, (_, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), keys, handler, scope };
}

const FIN_ROUTES: Route[] = [
  route('POST', '/fin/capabilities', fin.capabilities),
  route('POST', '/fin/ask', fin.ask),
  route('POST', '/fin/reply', fin.reply),
  route('POST', '/fin/start', fin.start),
  route('POST', '/fin/procedures/:procedure_id/run', fin.runProcedure),
  route('POST', '/fin/escalate', fin.escalate),
  route('POST', '/fin/csat', fin.csat),
  route('POST', '/procedures/:conversation_id/collect_agent_input', collectAgentInput, 'app'),
];

const CONTROL_ROUTES: Route[] = [
  route('GET', '/_sim/health', control.health),
  route('GET', '/_sim/procedures', control.procedures),
  route('GET', '/_sim/procedures/schema', control.procedureSchema),
  route('GET', '/_sim/procedures/:id', control.procedure),
  route('POST', '/_sim/procedures', control.createProcedure),
  route('PUT', '/_sim/procedures/:id', control.replaceProcedure),
  route('DELETE', '/_sim/procedures/:id', control.deleteProcedure),
  route('POST', '/_sim/audience', control.audience),
  route('POST', '/_sim/reset', control.reset),
  route('GET', '/_sim/clock', control.readClock),
  route('POST', '/_sim/clock', control.clock),
  route('GET', '/_sim/faults', control.readFaults),
  route('POST', '/_sim/faults', control.setFaults),
  route('DELETE', '/_sim/faults', control.clearFaults),
  route('GET', '/_sim/conversations/:id', control.conversation),
  route('GET', '/_sim/hitl', control.pendingHitl),
  route('GET', '/_sim/webhooks', control.webhookLog),
  route('GET', '/_sim/users', control.users),
  route('GET', '/_sim/users/seeded', control.seededUsers),
  route('GET', '/_sim/oauth', control.oauth),
  route('GET', '/_sim/variants', control.readVariants),
  route('POST', '/_sim/variants', control.setVariants),
];

function match(
  routes: Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | null {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
    return { route: r, params };
  }
  return null;
}

function notFound(): never {
  fail(404, 'not_found', MESSAGES.resourceNotFound);
}

function bearer(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1]?.trim() ?? null;
}

/** `Intercom-Version`: absent means the app's default (Preview); a value Intercom does not know is refused. */
function checkVersion(req: IncomingMessage) {
  const raw = req.headers['intercom-version'];
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  if (value !== undefined && !intercomVersionSchema.safeParse(value).success)
    fail(400, INTERCOM_VERSION_INVALID, invalidVersionMessage(value));
}

async function handle(
  ctx: SimContext,
  opts: SimulatorOptions,
  heartbeatMs: number,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  const method = req.method ?? 'GET';
  const path = url.pathname;

  if (path.startsWith('/_sim/')) {
    const found = match(CONTROL_ROUTES, method, path);
    if (!found) notFound();
    const body = method === 'POST' || method === 'PUT' ? await readJson(req) : undefined;
    return sendJson(res, await found.route.handler(ctx, { body, params: found.params, faults: {} }));
  }
  // The authorize page lives on app.intercom.com, not the API host: no faults, no bearer.
  if (method === 'GET' && path === '/oauth') return authorizePage(ctx.oauth, url, res);

  const header = parseFaultHeader(req.headers[FAULT_HEADER]);
  if ('error' in header) fail(400, 'parameter_invalid', header.error);
  const faults: Faults = header.faults;
  const delay = faults.delay_ms ?? ctx.faults.get().delay_ms;
  // A plain timer: a reset must not leave a delayed request hanging forever.
  if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
  const failure = ctx.faults.takeFailure(path, faults);
  if (failure) {
    const message =
      failure.status >= 500 ? 'The simulator was asked to fail this request' : 'Simulated failure';
    return sendJson(res, { status: failure.status, body: errorBody(failCode(failure.status), message) });
  }

  if (method === 'GET' && path === '/event-stream')
    return openEventStream(ctx, req, res, url, faults, heartbeatMs);

  if (method === 'POST' && path === '/auth/eagle/token')
    return sendJson(res, await exchangeToken(ctx.oauth, req));
  checkVersion(req);
  if (method === 'GET' && path === '/me') return sendJson(res, me(ctx.oauth, bearer(req)));

  const found = match(FIN_ROUTES, method, path);
  if (!found) notFound();
  if (!ctx.oauth.authorise(bearer(req), found.route.scope)) fail(401, 'unauthorized', MESSAGES.unauthorized);
  const body = await readJson(req);
  const reply = await found.route.handler(ctx, { body, params: found.params, faults });
  return sendJson(res, ctx.variants.enabled ? shapeAnswer(path, reply) : reply);
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const host = opts.host ?? '127.0.0.1';
  const pace = createPace(opts.pace ?? 'instant', opts.webhookRetryMs);
  const log = opts.log ?? (() => undefined);
  const clock = createClock();
  const timers = new TimerSet();
  const faults = new FaultState();
  const store = new Store();
  const procedures = new ProcedureRegistry(opts.dataDir, log);
  const hub = new StreamHub();
  const webhooks = new WebhookSender({
    url: opts.webhookUrl,
    appSecret: opts.webhookSecret,
    finSecret: opts.eventsSecret ?? opts.webhookSecret,
    pace,
    timers,
    faults: () => faults.get(),
    log,
  });
  // The public URL (and so the engine) is known once the port is; requests cannot arrive earlier.
  let ctx: SimContext | null = null;
  const server = createServer((req, res) => {
    if (!ctx)
      return sendJson(res, { status: 503, body: errorBody('service_unavailable', 'Simulator is starting') });
    handle(ctx, opts, opts.heartbeatMs ?? HEARTBEAT_MS, req, res).catch((e: unknown) => {
      if (e instanceof HttpError) return sendJson(res, { status: e.status, body: e.body });
      log(`request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      sendJson(res, { status: 500, body: errorBody('server_error', 'Internal Server Error') });
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 4010, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, '');
  const ids = createIdSource();
  const variants = new Variants(opts.variants ?? false);
  ctx = {
    token: opts.token,
    oauth: new OAuthState(
      opts.clientId ?? SIM_CLIENT_ID,
      opts.webhookSecret,
      opts.token,
      opts.appToken ?? SIM_APP_TOKEN,
    ),
    publicUrl,
    intercomIds: opts.intercomIds ?? false,
    clock,
    ids,
    store,
    faults,
    tokens: new TokenService(clock),
    hub,
    webhooks,
    timers,
    pace,
    engine: new Engine({
      clock,
      ids,
      store,
      hub,
      webhooks,
      timers,
      pace,
      appId: APP_ID,
      publicUrl,
      variants,
      log,
    }),
    variants,
    procedures,
    reset() {
      timers.clear();
      hub.closeAll();
      webhooks.stop();
      store.clear();
      faults.clear();
      clock.reset();
    },
  };

  let closing: Promise<void> | null = null;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        timers.clear();
        hub.closeAll();
        webhooks.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
