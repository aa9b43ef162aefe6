import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MESSAGES } from '@/lib/fin';
import { startSimulator, type Simulator } from '@/lib/sim/server';
import { PROCEDURE_IDS, simClearFaults, simConversation, simFaults } from '@/testing/sim';
import type { ApiCallInput } from './db/records';
import { FinApiError, UpstreamError } from './errors';
import { FinClient } from './fin-client';
import { listenLocal } from '@/testing/util';

const TOKEN = 'client-test-token';
let sim: Simulator;
let calls: ApiCallInput[];
const client = (over: Partial<ConstructorParameters<typeof FinClient>[0]> = {}) =>
  new FinClient({
    baseUrl: sim.url,
    token: TOKEN,
    timeoutMs: 2000,
    backoffMs: 10,
    record: async (c) => void calls.push(c),
    ...over,
  });
const user = { id: 'client-user', attributes: { plan_type: 'Pro' } };
const cid = () => `client-${Math.random().toString(36).slice(2, 9)}`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, token: TOKEN, webhookSecret: 'x', pace: 'instant' });
});
afterAll(() => sim.close());
beforeEach(async () => {
  calls = [];
  await simClearFaults(sim.url);
});

describe('FinClient against the simulator', () => {
  it('sends the bearer token and version header, parses the answer, records the call without the token', async () => {
    const caps = await client().capabilities({ user });
    expect(caps.body).toMatchObject({ version: 'Preview' });
    expect(caps.data.capabilities?.some((c) => c.id === PROCEDURE_IDS.planUpgrade)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: `${sim.url}/fin/capabilities`,
      status: 200,
      request_body: { user },
    });
    expect(JSON.stringify(calls)).not.toContain(TOKEN);
  });

  it('sends the Fin Agent API key on /fin/* and the app token on GET /me', async () => {
    const split = client({ token: (kind) => (kind === 'fin' ? TOKEN : 'sim-app-token') });
    expect(((await split.capabilities({ user })).body as { version?: string }).version).toBe('Preview');
    expect((await split.me()).type).toBe('admin');
    // The Fin key alone is refused where Intercom wants an app token.
    const error = await client({ token: () => TOKEN })
      .me()
      .catch((e: unknown) => e);
    expect((error as FinApiError).status).toBe(401);
  });

  it('sends the configured Intercom-Version on every call', async () => {
    expect(
      ((await client({ version: '2.16' }).capabilities({ user })).body as { version?: string }).version,
    ).toBe('Preview');
    const error = await client({ version: '3.0' })
      .capabilities({ user })
      .catch((e: unknown) => e);
    expect((error as FinApiError).status).toBe(400);
    expect((error as FinApiError).body).toMatchObject({
      type: 'error.list',
      errors: [{ code: 'intercom_version_invalid', message: expect.stringContaining('"3.0"') as unknown }],
    });
  });

  it('turns an error.list answer into FinApiError with status and body', async () => {
    const error = await client({ token: 'wrong' })
      .ask({ conversation_id: cid(), user, message: { author: 'user', body: 'hi' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FinApiError);
    expect((error as FinApiError).status).toBe(401);
    expect((error as FinApiError).finMessage).toBe(MESSAGES.unauthorized);
    const notFound = await client()
      .runProcedure('nope', { conversation_id: cid(), user })
      .catch((e: unknown) => e);
    expect((notFound as FinApiError).body).toMatchObject({
      type: 'error.list',
      errors: [{ message: MESSAGES.procedureNotFound }],
    });
  });

  it('retries capabilities through a 5xx and a 429', async () => {
    await simFaults(sim.url, { fail: { status: 503, count: 1 } });
    expect((await client().capabilities({ user })).data.capabilities?.length).toBeGreaterThan(0);
    await simFaults(sim.url, { fail: { status: 429, count: 2 } });
    expect((await client().capabilities({ user })).body).toMatchObject({ version: 'Preview' });
    expect(calls.map((c) => c.status)).toEqual([503, 200, 429, 429, 200]);
  });

  it('never retries a run on 5xx: one attempt, 502-class error, nothing duplicated', async () => {
    await simFaults(sim.url, { fail: { status: 503, count: 1, path: '/fin/procedures' } });
    const id = cid();
    const error = await client()
      .runProcedure(PROCEDURE_IDS.resetPassword, { conversation_id: id, user })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FinApiError);
    expect((error as FinApiError).status).toBe(503);
    expect(calls).toHaveLength(1);
    await expect(simConversation(sim.url, id)).rejects.toThrow(/404/);
  });

  it('retries a run after 429 (Fin did nothing), and csat through a 5xx (documented idempotent)', async () => {
    await simFaults(sim.url, { fail: { status: 429, count: 1, path: '/fin/procedures' } });
    const id = cid();
    const run = await client().runProcedure(PROCEDURE_IDS.resetPassword, { conversation_id: id, user });
    expect(run.data.conversation_id).toBe(id);
    await simFaults(sim.url, { fail: { status: 500, count: 1, path: '/fin/csat' } });
    const csat = await client()
      .csat({ conversation_id: 'no-such', rating: 'good' })
      .catch((e: unknown) => e);
    expect((csat as FinApiError).status).toBe(422);
    expect(calls.filter((c) => c.url.endsWith('/fin/csat')).map((c) => c.status)).toEqual([500, 422]);
  });

  it('times out every call and reports the upstream as unreachable', async () => {
    await simFaults(sim.url, { delay_ms: 500 });
    const error = await client({ timeoutMs: 100, maxAttempts: 2 })
      .capabilities({ user })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toContain('no answer within 100 ms');
    expect(calls.map((c) => c.status)).toEqual([null, null]);
    await simClearFaults(sim.url);
    const refused = await new FinClient({
      baseUrl: 'http://127.0.0.1:9',
      token: TOKEN,
      timeoutMs: 500,
      backoffMs: 1,
    })
      .ask({ conversation_id: cid(), user, message: { author: 'user', body: 'x' } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UpstreamError);
  });

  it('a deeply nested body Fin accepted is answered, not turned into an error by recording it', async () => {
    const deep = JSON.parse(`${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`) as unknown;
    const id = cid();
    const answer = await client().ask({
      conversation_id: id,
      user: { ...user, attributes: { nested: deep } },
      message: { author: 'user', body: 'hi' },
    });
    expect(answer.data.conversation_id).toBe(id);
    expect(calls).toHaveLength(1);
    expect(JSON.stringify(calls[0]!.request_body)).toContain('[nested too deeply]');
  });

  it('a record that cannot be built never fails the call', async () => {
    const answer = await client({
      record: () => {
        throw new Error('cannot record');
      },
    }).capabilities({ user });
    expect(answer.body).toMatchObject({ version: 'Preview' });
  });
});

describe('FinClient trust boundaries', () => {
  let other: Server;
  let otherUrl: string;
  let received: { url: string; authorization: string | undefined }[];
  beforeAll(async () => {
    other = createServer((req, res) => {
      received.push({ url: req.url ?? '', authorization: req.headers.authorization });
      if (req.url === '/fin/capabilities') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end(JSON.stringify({ version: 'Preview', padding: 'x'.repeat(2 * 1024 * 1024) }));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
    otherUrl = await listenLocal(other);
  });
  afterAll(() => new Promise<void>((r) => other.close(() => r())));
  beforeEach(() => void (received = []));

  it('never sends the token to a callback_url on another origin, nor to another path', async () => {
    const body = { step_id: 's1', attribute_values: [] };
    for (const url of [
      `${otherUrl}/procedures/123/collect_agent_input`,
      `${sim.url}/procedures/456/collect_agent_input`,
      `${sim.url}/fin/escalate?/procedures/123/collect_agent_input`,
      `${sim.url.replace('127.0.0.1', 'localhost')}/procedures/123/collect_agent_input`,
    ]) {
      const error = await Promise.resolve()
        .then(() => client().collectAgentInput(url, '123', body, null))
        .catch((e: unknown) => e);
      expect(error, url).toMatchObject({ code: 'hitl_refused', status: 409 });
    }
    expect(received).toEqual([]);
    expect(calls).toEqual([]);
    expect(client().callbackProblem(`${sim.url}/procedures/123/collect_agent_input`, '123')).toBeNull();
  });

  it('still lets the OAuth code exchange, which carries no bearer, reach its own host', async () => {
    const error = await client()
      .exchangeOAuthCode(`${otherUrl}/oauth/token`, { code: 'c', client_id: 'i', client_secret: 's' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(received).toEqual([{ url: '/oauth/token', authorization: undefined }]);
  });

  it('refuses a procedure id that is not an id before building a URL', async () => {
    for (const id of ['..', '.', 'a/b', '%2e%2e', 'a?b', 'a#b', 'a b', 'a\nb', '']) {
      const error = await Promise.resolve()
        .then(() => client().runProcedure(id, { conversation_id: cid(), user }))
        .catch((e: unknown) => e);
      expect(error, id).toMatchObject({ status: 400, entries: [{ field: 'procedure_id' }] });
    }
    expect(calls).toEqual([]);
    const ok = await client()
      .runProcedure('not_a-real_1D', { conversation_id: cid(), user })
      .catch((e: unknown) => e);
    expect(ok).toBeInstanceOf(FinApiError);
  });

  it('stops reading an answer over 1 MiB and does not ask again', async () => {
    const error = await client({ baseUrl: otherUrl })
      .capabilities({ user })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toContain('over 1 MiB');
    expect(received).toHaveLength(1);
  });
});

describe('FinClient transport', () => {
  let raw: Server;
  let rawUrl: string;
  let handle: (req: IncomingMessage, res: ServerResponse) => void;
  let seen: { method: string; url: string; port: number }[];
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    raw = createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', port: req.socket.remotePort ?? 0 });
      req.resume();
      req.once('end', () => handle(req, res));
    });
    raw.on('connection', (s) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
    rawUrl = await listenLocal(raw);
  });
  afterAll(() => new Promise<void>((r) => raw.close(() => r())));
  beforeEach(() => void (seen = []));
  afterEach(() => {
    for (const s of sockets) s.destroy();
  });
  const ask = (over: Partial<ConstructorParameters<typeof FinClient>[0]> = {}) =>
    client({ baseUrl: rawUrl, ...over })
      .ask({ conversation_id: cid(), user, message: { author: 'user', body: 'hi' } })
      .catch((e: unknown) => e);
  // A connection returns to the pool a tick after its answer is read.
  const tick = () => new Promise((r) => setImmediate(r));
  const answer = (res: ServerResponse) =>
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ conversation_id: 'c' }));

  it('reuses one connection for calls in a row', async () => {
    handle = (_req, res) => answer(res);
    for (let i = 0; i < 4; i++) {
      expect(await ask()).toMatchObject({ data: { conversation_id: 'c' } });
      await tick();
    }
    expect(new Set(seen.map((s) => s.port)).size).toBe(1);
  });

  it('never sends a POST again when the server drops its connection, fresh or pooled', async () => {
    handle = (req) => req.socket.destroy();
    expect(await ask()).toBeInstanceOf(UpstreamError);
    expect(seen).toHaveLength(1);

    // A pooled connection the server closes on its next request, having read it.
    const served = new WeakSet<Socket>();
    handle = (req, res) => {
      if (served.has(req.socket)) return void req.socket.destroy();
      served.add(req.socket);
      answer(res);
    };
    seen = [];
    expect(await ask()).toMatchObject({ data: { conversation_id: 'c' } });
    await tick();
    const error = await ask();
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).message).toContain('connection failed');
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST']);
    expect(seen[1]!.port).toBe(seen[0]!.port);
  });

  it('does not follow a redirect: the answer is the 3xx itself', async () => {
    handle = (_req, res) => res.writeHead(307, { Location: `${sim.url}/fin/ask` }).end();
    const error = await ask();
    expect((error as FinApiError).status).toBe(307);
    expect(seen).toHaveLength(1);
  });

  it('times out a body that never ends, and reports a cut answer as a failed connection', async () => {
    handle = (req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"partial":');
      if (req.method === 'POST') setTimeout(() => res.destroy(), 20);
    };
    const slow = await client({ baseUrl: rawUrl, timeoutMs: 150, maxAttempts: 1 })
      .me()
      .catch((e: unknown) => e);
    expect((slow as UpstreamError).message).toContain('no answer within 150 ms');
    expect(((await ask()) as UpstreamError).message).toContain('connection failed');
  });

  it('refuses an answer announced or growing over 1 MiB without reading the rest', async () => {
    let written = 0;
    let closed = false;
    handle = (req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'Content-Length': String(2 * 1024 * 1024) });
        return void res.write('x');
      }
      // An endless chunked answer: only a dropped connection stops it.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!closed && res.write(chunk)) written += chunk.length;
        if (!closed) res.once('drain', pump);
      };
      res.once('close', () => (closed = true));
      pump();
    };
    expect(((await ask()) as UpstreamError).message).toContain('over 1 MiB');
    await vi.waitFor(() => expect(closed).toBe(true));
    expect(written).toBeLessThan(8 * 1024 * 1024);
    const announced = await client({ baseUrl: rawUrl, timeoutMs: 5000 })
      .me()
      .catch((e: unknown) => e);
    expect((announced as UpstreamError).message).toContain('over 1 MiB');
    expect(seen.map((s) => s.method)).toEqual(['POST', 'GET']);
  });
});
