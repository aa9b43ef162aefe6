#!/usr/bin/env node
// The console's only HTTP server: node scripts/server.mjs [--dev] [-p PORT] [-H HOST] (docs/decisions/realtime-entry.md)
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const arg = (flag) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const dev = process.argv.includes('--dev');
const port = Number(arg('-p') ?? process.env.PORT ?? 3000);
// Not $HOSTNAME (containers set it to the machine's name); loopback unless told otherwise.
const hostname = arg('-H') ?? (process.env.HOST?.trim() || '127.0.0.1');
process.env.NODE_ENV = dev ? 'development' : 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

let entry;
const published = new Promise((resolve) => {
  globalThis[Symbol.for('fin-console.realtime-entry')] = resolve;
}).then((e) => (entry = e));

const app = next({ dev, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

// Next loads the app (and runs instrumentation.ts) on its first request; that request is ours.
const warmUp = randomUUID();
const serve = (req, res) => {
  if (!entry.admitRequest(req, res)) return;
  if (!entry.serveRealtime(req, res)) void handle(req, res);
};
const server = createServer((req, res) => {
  if (entry) return serve(req, res);
  if (req.headers['x-console-warm-up'] === warmUp) return void handle(req, res);
  void published.then(() => serve(req, res));
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, async () => {
  const local = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  const url = `http://${local.includes(':') ? `[${local}]` : local}:${port}/api/health`;
  await fetch(url, { headers: { 'x-console-warm-up': warmUp } }).catch(() => undefined);
  if (!entry) {
    console.error(
      'fin console: the app did not load (instrumentation.ts never published the realtime entry)',
    );
    process.exit(1);
  }
  const shown = hostname.includes(':') ? `[${hostname}]` : hostname;
  console.log(`▲ Fin Console ${dev ? 'dev server' : 'ready'} on http://${shown}:${port}`);
});

// As `next start` does: finish requests in flight (live streams cut after 5 s), then exit 130 / 143.
for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
])
  process.once(sig, () => {
    server.close(() => void app.close().finally(() => process.exit(code)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(code), 5000).unref();
  });
