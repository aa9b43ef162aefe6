/** The streams attacks against the route handlers over loopback HTTP: each must find its item held. */
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRealtime } from '@/lib/server/realtime-entry';
import {
  ADMIN_TOKEN,
  CLIENT_SECRET,
  EVENTS_SECRET,
  startHarness,
  type Harness,
} from '@/testing/server/harness';
import type { Api } from '../api';
import type { Rig } from '../rig';
import { discoverRoutes } from '../routes';
import type { BuiltConsole } from '../server';
import { matchRoute } from '../transport';
import { secondsUntilEnded, streamsAttacks, watchStream } from './streams';
import type { AttackTarget } from './types';
import { listenLocal } from '@/testing/util';

describe('watchStream', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\nevent: created\ndata: {}\n\n');
      setTimeout(() => res.end('event: updated\ndata: {}\n\n'), 300);
    });
    url = await listenLocal(server);
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('records events and comments and when the server ended the stream', async () => {
    const t0 = Date.now();
    const s = await watchStream(url, {});
    const seconds = await secondsUntilEnded([s], t0, 2);
    expect(seconds).toBeGreaterThanOrEqual(0.25);
    expect(s.events.map((e) => e.name)).toEqual(['created', 'updated']);
    expect(s.comments).toEqual(['hello']);
  });

  it('says null for a stream still open past the wait', async () => {
    const open = createServer(
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': x\n\n'),
    );
    const s = await watchStream(await listenLocal(open), {});
    expect(await secondsUntilEnded([s], Date.now(), 0.3)).toBeNull();
    s.close();
    open.closeAllConnections();
    await new Promise((r) => open.close(r));
  });
});

describe('the streams attacks', () => {
  let h: Harness;
  let server: Server;
  let target: AttackTarget;
  beforeAll(async () => {
    h = await startHarness();
    const routes = await discoverRoutes();
    server = createServer((req, res) => {
      if (serveRealtime(req, res)) return;
      void (async () => {
        const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
        const found = matchRoute(routes, url.pathname);
        const handler = found?.route.methods.get(req.method ?? 'GET');
        if (!found || !handler) return void res.writeHead(404).end();
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const abort = new AbortController();
        res.on('close', () => abort.abort());
        const headers = new Headers();
        for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
          headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
        const answer = await handler(
          new Request(url, {
            method: req.method,
            headers,
            signal: abort.signal,
            ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
          }),
          { params: Promise.resolve(found.params) as Promise<never> },
        );
        const out: Record<string, string[]> = {};
        answer.headers.forEach((v, k) => void (out[k] = [...(out[k] ?? []), v]));
        out['set-cookie'] = answer.headers.getSetCookie();
        res.writeHead(answer.status, out);
        if (answer.body) Readable.fromWeb(answer.body as never).pipe(res);
        else res.end();
      })();
    });
    const url = await listenLocal(server);
    const rig = {
      adminToken: ADMIN_TOKEN,
      eventsSecret: EVENTS_SECRET,
      clientSecret: CLIENT_SECRET,
      simUrl: h.sim.url,
      env: (await h.ctx()).env,
    } as unknown as Rig;
    target = { rig, api: {} as Api, served: { url } as BuiltConsole };
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await h?.close();
  });

  for (const attack of streamsAttacks) {
    it(`${attack.item} ${attack.name}: held`, { timeout: 60_000 }, async () => {
      const outcome = await attack.run(target);
      expect(outcome, outcome.detail).toMatchObject({ breach: false });
    });
  }
});
