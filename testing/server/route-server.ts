// The console's route handlers behind a loopback HTTP server, for scripts that speak HTTP (the demo seed).
import { createServer } from 'node:http';
import { discoverRoutes } from '@/testing/reliability/routes';
import { matchRoute } from '@/testing/reliability/transport';
import { listenLocal } from '@/testing/util';

export async function serveRoutes(): Promise<{ base: string; close: () => Promise<void> }> {
  const routes = await discoverRoutes();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const found = matchRoute(routes, url.pathname);
        const handler = found?.route.methods.get(req.method ?? 'GET');
        if (!found || !handler) return void res.writeHead(found ? 405 : 404).end();
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const answer = await handler(new Request(url, { method: req.method, headers, body }), {
          params: Promise.resolve(found.params) as Promise<never>,
        });
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(Buffer.from(await answer.arrayBuffer()));
      })().catch((e: unknown) => res.writeHead(500).end(String(e)));
    });
  });
  const base = await listenLocal(server);
  return {
    base,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
