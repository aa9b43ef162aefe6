#!/usr/bin/env node
// Simulator and built console side by side (`npm run demo`, e2e). The operations token goes to
// <data-dir>/admin-token (0600) for tools started elsewhere, and is never printed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const { values: args } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    seed: { type: 'boolean', default: false },
    'console-port': { type: 'string', default: process.env.PORT ?? '3000' },
    'sim-port': { type: 'string', default: process.env.FIN_SIM_PORT ?? '4010' },
    'data-dir': { type: 'string', default: process.env.DATA_DIR ?? './data' },
  },
});

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const consoleUrl = `http://127.0.0.1:${args['console-port']}`;
const simUrl = `http://127.0.0.1:${args['sim-port']}`;
const token = process.env.FIN_SIM_TOKEN ?? 'sim-token';
const appToken = process.env.FIN_SIM_APP_TOKEN ?? 'sim-app-token';
const clientSecret = process.env.FIN_SIM_WEBHOOK_SECRET ?? 'sim-client-secret';
const eventsSecret = process.env.FIN_SIM_EVENTS_SECRET ?? 'sim-events-secret';
const dataDir = path.resolve(root, args['data-dir']);
mkdirSync(dataDir, { recursive: true });
const adminToken = process.env.CONSOLE_ADMIN_TOKEN || randomBytes(24).toString('base64url');
if (adminToken.length < 24) {
  console.error('CONSOLE_ADMIN_TOKEN must be at least 24 characters');
  process.exit(1);
}
const tokenFile = path.join(dataDir, 'admin-token');
writeFileSync(tokenFile, adminToken, { mode: 0o600 });
chmodSync(tokenFile, 0o600);

const children = [];
function run(name, cmd, argv, env) {
  const child = spawn(cmd, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}`)
      .join('\n') + '\n';
  child.stdout.on('data', (c) => process.stdout.write(prefix(c)));
  child.stderr.on('data', (c) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] exited (${signal ?? code}); stopping`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {}
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${ms / 1000}s`);
}

run('sim', path.join(root, 'node_modules/.bin/tsx'), ['lib/sim/main.ts'], {
  FIN_SIM_PORT: args['sim-port'],
  FIN_SIM_HOST: '127.0.0.1',
  FIN_SIM_TOKEN: token,
  FIN_SIM_APP_TOKEN: appToken,
  FIN_SIM_WEBHOOK_URL: `${consoleUrl}/api/webhooks/intercom`,
  FIN_SIM_WEBHOOK_SECRET: clientSecret,
  FIN_SIM_EVENTS_SECRET: eventsSecret,
  FIN_SIM_PACE: args.demo ? 'demo' : (process.env.FIN_SIM_PACE ?? 'instant'),
  // Saved procedures are workspace configuration: they live beside the console's data.
  FIN_SIM_DATA_DIR: path.join(dataDir, 'sim'),
});
run(
  'console',
  process.execPath,
  [
    path.join(root, 'scripts/server.mjs'),
    '-p',
    args['console-port'],
    '-H',
    '127.0.0.1',
  ],
  {
    PORT: args['console-port'],
    FIN_API_BASE_URL: simUrl,
    FIN_AGENT_API_KEY: token,
    INTERCOM_ACCESS_TOKEN: appToken,
    INTERCOM_CLIENT_SECRET: clientSecret,
    FIN_EVENTS_WEBHOOK_SECRET: eventsSecret,
    DATA_DIR: args['data-dir'],
    CONSOLE_ADMIN_TOKEN: adminToken,
    NEXT_TELEMETRY_DISABLED: '1',
  },
);

try {
  await Promise.all([waitFor(`${simUrl}/_sim/health`), waitFor(`${consoleUrl}/api/health`)]);
} catch (err) {
  console.error(String(err));
  stop(1);
}
const shown = (p) => (path.relative(process.cwd(), p).startsWith('..') ? p : path.relative(process.cwd(), p));
if (!stopping)
  console.log(
    `\nFin Console is ready: ${consoleUrl}  (Fin simulator: ${simUrl})\n` +
      (process.env.CONSOLE_DEMO_ACCOUNTS === '1'
        ? 'Sign in with a demo account on the sign-in page'
        : 'Demo accounts are off (CONSOLE_DEMO_ACCOUNTS=1 turns them on)') +
      `; scripts can use the operations token in ${shown(tokenFile)}\n`,
  );
// Finished stories take a while at demo pace: the console is usable meanwhile, the seed reports when done.
if (args.seed && !stopping) {
  const { seedDemo } = await import('./seed-demo.mjs');
  seedDemo(consoleUrl, adminToken).catch((err) => console.error(`[seed] ${err}`));
}
