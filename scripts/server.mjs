#!/usr/bin/env node
// Production server: webhooks and conversation streams go straight to lib/server/direct-routes.ts,
// not through Next's router. Usage: node scripts/server.mjs [-p PORT] [-H HOST]
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (flag) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const port = Number(arg('-p') ?? process.env.PORT ?? 3000);
// Not $HOSTNAME: containers export it as the machine's name, which is not an address to bind.
const hostname = arg('-H') ?? (process.env.HOST?.trim() || '127.0.0.1');
process.env.NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const DIRECT = Symbol.for('fin-console.direct-routes');
// Rate limits key on the socket's peer: written into every request, replacing any client's header.
const PEER_HEADER = 'x-console-peer';
globalThis[Symbol.for('fin-console.peer-header')] = true;
const direct = () => globalThis[DIRECT];

const server = createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  const routes = direct();
  if (!routes) return void handle(req, res);
  if (!routes.admitRequest(req, res)) return;
  if (routes.isWebhookDelivery(req.method, req.url)) return void routes.serveWebhook(req, res);
  const streamId = routes.conversationStreamId(req.method, req.url);
  if (streamId !== null) return void routes.serveConversationStream(req, res, streamId);
  void handle(req, res);
});
// Longer than a typical proxy's idle timeout, so a reused keep-alive socket is not closed under it.
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, async () => {
  // Load the app now, so a bad setting stops the server at start and webhooks have their path.
  const local = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  await fetch(`http://${local.includes(':') ? `[${local}]` : local}:${port}/api/health`).catch(
    () => undefined,
  );
  if (!direct()) console.warn('fin console: the direct paths were not published; webhooks and streams go through Next');
  const shown = hostname.includes(':') ? `[${hostname}]` : hostname;
  console.log(`▲ Fin Console ready on http://${shown}:${port}`);
});

for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
])
  process.once(sig, () => {
    server.close(() => void app.close().finally(() => process.exit(code)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(code), 5000).unref();
  });
