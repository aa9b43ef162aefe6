/** Simulator test helpers: control-plane calls, an SSE subscriber, a webhook receiver keeping raw bodies. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { parseEventData, type FinEvent } from '@/lib/fin';
import type { FaultsInput } from '@/lib/sim/faults';
import type { DeliveryRecord } from '@/lib/sim/webhooks';
import { startSimulator, type SimulatorOptions } from '@/lib/sim/server';
import { listenLocal, sleep } from '@/testing/util';

export type { FaultsInput as SimFaults } from '@/lib/sim/faults';
export { PROCEDURE_IDS, PROCEDURES } from '@/lib/sim/procedures';

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export const simFaults = (url: string, faults: FaultsInput) => control(url, 'POST', '/_sim/faults', faults);
export const simClearFaults = (url: string) => control(url, 'DELETE', '/_sim/faults');
/** Forgets users, conversations, faults and clock offset; ends open streams. */
export const simReset = (url: string) => control(url, 'POST', '/_sim/reset', {});
export const simAdvanceClock = (url: string, ms: number) =>
  control(url, 'POST', '/_sim/clock', { advance_ms: ms });
export const simConversation = (url: string, id: string) =>
  control(url, 'GET', `/_sim/conversations/${encodeURIComponent(id)}`) as Promise<Record<string, unknown>>;
/** Webhook attempts, each logged once its receiver answered: what was not tried by then never will be. */
export const simWebhookLog = async (url: string) =>
  ((await control(url, 'GET', '/_sim/webhooks')) as { deliveries: DeliveryRecord[] }).deliveries;

export const simFaultHeader = (faults: FaultsInput) => ({ 'X-Sim-Fault': JSON.stringify(faults) });

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 3000,
  what = 'condition',
  pollMs = 5,
): Promise<T> {
  // Deadlines are stretched (not the polling): a loaded 2-core CI box is slow, not broken.
  const budget = timeoutMs * DEADLINE_SCALE;
  const deadline = Date.now() + budget;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${budget} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

const DEADLINE_SCALE = Number(process.env.TEST_DEADLINE_SCALE ?? 4);

export async function finCall(
  url: string,
  token: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect answers loosely
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'intercom-version': 'Preview',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export interface SseSubscription {
  status: number;
  error: unknown;
  events: FinEvent[];
  comments: string[];
  /** 'closed' = server ended the stream; 'dropped' = connection broke; 'aborted' = we closed it. */
  done: Promise<'closed' | 'dropped' | 'aborted'>;
  waitFor(predicate: (e: FinEvent) => boolean, timeoutMs?: number): Promise<FinEvent>;
  close(): void;
}

export async function subscribe(
  sseUrl: string,
  headers: Record<string, string> = {},
): Promise<SseSubscription> {
  const abort = new AbortController();
  const res = await fetch(sseUrl, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: FinEvent[] = [];
  const comments: string[] = [];
  if (res.status !== 200 || !res.body) {
    const error: unknown = await res.json().catch(() => null);
    return {
      status: res.status,
      error,
      events,
      comments,
      done: Promise.resolve('closed'),
      waitFor: () => Promise.reject(new Error(`stream refused (${res.status})`)),
      close: () => undefined,
    };
  }
  const parser = createParser({
    onEvent(message) {
      const event = parseEventData(message.data);
      if (event) events.push(event);
    },
    onComment(comment) {
      comments.push(comment.trim());
    },
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) return 'closed' as const;
        parser.feed(value);
      }
    } catch {
      return abort.signal.aborted ? ('aborted' as const) : ('dropped' as const);
    }
  })();
  return {
    status: 200,
    error: null,
    events,
    comments,
    done,
    waitFor: (predicate, timeoutMs = 3000) =>
      waitFor(() => events.find(predicate), timeoutMs, 'an SSE event'),
    close: () => abort.abort(),
  };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect answers loosely
  json: any;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status codes to answer with, one per request in order; 200 once exhausted. */
  respondWith: number[];
  /** Answers a status for matching webhooks (checked before `respondWith`). */
  failWhen: ((w: ReceivedWebhook) => number | undefined) | null;
  waitFor(predicate: (w: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const respondWith: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try {
        json = JSON.parse(raw);
      } catch {
        // not JSON: kept raw
      }
      const hook = { headers: req.headers, raw, json };
      received.push(hook);
      res.writeHead(receiver.failWhen?.(hook) ?? respondWith.shift() ?? 200).end();
    });
  });
  const base = await listenLocal(server);
  const receiver: WebhookReceiver = {
    url: `${base}/webhooks`,
    received,
    respondWith,
    failWhen: null,
    waitFor: (predicate, timeoutMs = 3000) => waitFor(() => received.find(predicate), timeoutMs, 'a webhook'),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  return receiver;
}

function verify(
  algorithm: 'sha1' | 'sha256',
  secret: string,
  raw: string,
  header: string | string[] | undefined,
): boolean {
  if (typeof header !== 'string') return false;
  const given = header.replace(new RegExp(`^${algorithm}=`), '');
  const expected = createHmac(algorithm, secret).update(raw).digest('hex');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export const verifyFinSignature = (secret: string, w: ReceivedWebhook) =>
  verify('sha256', secret, w.raw, w.headers['x-fin-agent-api-webhook-signature']);
export const verifyHubSignature = (secret: string, w: ReceivedWebhook) =>
  verify('sha1', secret, w.raw, w.headers['x-hub-signature']);

export interface SimRig {
  url: string;
  token: string;
  appToken: string;
  webhookSecret: string;
  eventsSecret: string;
  hooks: WebhookReceiver;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect answers loosely
  call(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export const say = (body: string) => ({ author: 'user', body });

/** Event names in order, a status event as `status:<status>`; reply chunks left out. */
export const eventFlow = (events: FinEvent[]) =>
  events
    .filter((e) => e.event_name !== 'fin_reply_chunk')
    .map((e) => (e.event_name === 'fin_status_updated' ? `status:${e.status}` : e.event_name));

export const runProcedure = (rig: SimRig, procedureId: string, conversation_id: string, user: unknown) =>
  rig.call(`/fin/procedures/${procedureId}/run`, { conversation_id, user });

export async function replyAndRead(rig: SimRig, conversation_id: string, text: string, user: unknown) {
  const reply = await rig.call('/fin/reply', { conversation_id, message: say(text), user });
  const url = reply.body.sse_subscription_url as string;
  const sub = await subscribe(url);
  return { url, sub, ended: await sub.done };
}

export const rigBearer = (rig: Pick<SimRig, 'token' | 'appToken'>, path: string) =>
  new URL(path, 'http://x').pathname.startsWith('/fin/') ? rig.token : rig.appToken;

/** A rig started before the file's tests and closed after them; each test starts from a reset simulator and receiver. */
export function simRigPerFile(overrides: Partial<SimulatorOptions> = {}): SimRig {
  const rig = {} as SimRig;
  beforeAll(async () => void Object.assign(rig, await startSimRig(overrides)));
  afterAll(() => rig.close?.());
  beforeEach(async () => {
    await simReset(rig.url);
    rig.hooks.received.length = 0;
    rig.hooks.respondWith.length = 0;
    rig.hooks.failWhen = null;
  });
  return rig;
}

export async function startSimRig(overrides: Partial<SimulatorOptions> = {}): Promise<SimRig> {
  const hooks = await startWebhookReceiver();
  const token = overrides.token ?? 'rig-token';
  const appToken = overrides.appToken ?? 'rig-app-token';
  const webhookSecret = overrides.webhookSecret ?? 'rig-client-secret';
  const eventsSecret = overrides.eventsSecret ?? 'rig-events-secret';
  const sim = await startSimulator({
    port: 0,
    pace: 'instant',
    webhookUrl: hooks.url,
    ...overrides,
    token,
    appToken,
    webhookSecret,
    eventsSecret,
  });
  return {
    url: sim.url,
    token,
    appToken,
    webhookSecret,
    eventsSecret,
    hooks,
    call: (path, body, headers) =>
      finCall(sim.url, rigBearer({ token, appToken }, path), path, body, headers),
    close: async () => {
      await sim.close();
      await hooks.close();
    },
  };
}
