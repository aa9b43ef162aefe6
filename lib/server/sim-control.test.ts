import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listenLocal } from '@/testing/util';
import { parseEnv } from './env';
import { ConsoleError } from './errors';
import { simControl } from './sim-control';

let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; authorization?: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.url === '/_sim/things') return reply(200, { things: [1, 2] });
      if (req.url === '/_sim/missing') return reply(404, { type: 'error.list', errors: [{ message: 'No such thing' }] });
      if (req.url === '/_sim/bad') return reply(400, { type: 'error.list', errors: [{ message: 'steps.0.id: required' }] });
      if (req.url === '/_sim/taken') return reply(409, { type: 'error.list', errors: [{ message: 'Already exists' }] });
      if (req.url === '/_sim/broken') return reply(500, {});
      return reply(200, { unexpected: true });
    });
  });
  base = await listenLocal(server);
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

const demoEnv = () => parseEnv({ FIN_API_BASE_URL: base, CONSOLE_DEMO_ACCOUNTS: '1' });
const things = z.object({ things: z.array(z.number()) });

async function failure(promise: Promise<unknown>): Promise<ConsoleError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ConsoleError)) throw new Error(`expected a ConsoleError, got ${String(err)}`);
  return err;
}

describe('simControl', () => {
  it('calls /_sim on the configured simulator with no credential and parses the answer', async () => {
    await expect(simControl(demoEnv(), 'POST', 'things', things, { a: 1 })).resolves.toEqual({ things: [1, 2] });
    const call = seen.at(-1);
    expect(call).toMatchObject({ method: 'POST', url: '/_sim/things', body: '{"a":1}' });
    expect(call?.authorization).toBeUndefined();
  });

  it('passes the simulator’s own message on with the matching status', async () => {
    expect(await failure(simControl(demoEnv(), 'GET', 'missing', things))).toMatchObject({
      status: 404,
      message: 'No such thing',
    });
    expect(await failure(simControl(demoEnv(), 'PUT', 'bad', things, {}))).toMatchObject({
      status: 400,
      message: 'steps.0.id: required',
    });
    expect(await failure(simControl(demoEnv(), 'POST', 'taken', things, {}))).toMatchObject({ status: 409 });
    expect((await failure(simControl(demoEnv(), 'GET', 'broken', things))).status).toBe(502);
  });

  it('refuses an answer of an unexpected shape', async () => {
    expect((await failure(simControl(demoEnv(), 'GET', 'other', things))).code).toBe('upstream_unavailable');
  });

  it('never calls out of demo mode, where the base may not be our simulator', async () => {
    const before = seen.length;
    const env = parseEnv({
      FIN_API_BASE_URL: base,
      INTERCOM_ACCESS_TOKEN: 'app-token-abcdefghijklmnop',
      INTERCOM_CLIENT_SECRET: 'secret-abcdefghijklmnop',
    });
    expect((await failure(simControl(env, 'GET', 'things', things))).status).toBe(409);
    expect(seen.length).toBe(before);
  });
});
