import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_TOKEN } from './auth';
import { freePort, sleep } from './util';

export const ROOT = path.resolve(__dirname, '../..');

export const TOKEN = 'bench-token';
export const APP_TOKEN = 'bench-app-token';
export const CLIENT_SECRET = 'bench-client-secret';
export const EVENTS_SECRET = 'bench-events-secret';

export interface Proc {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

const running = new Set<Proc>();

export function spawnProc(name: string, argv: string[], env: Record<string, string>, logDir: string): Proc {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn('bash', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'bash', ...argv], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  const proc: Proc = {
    name,
    pid: child.pid!,
    child,
    logFile,
    async stop() {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        await Promise.race([exited, sleep(2000)]);
      }
    },
  };
  running.add(proc);
  return proc;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

function killAllSync() {
  for (const p of running) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killAllSync();
    process.exit(130);
  });
}

export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const kids = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      } catch {
        // exited meanwhile
      }
    }
  }
  return out;
}

export function treeRss(pid: number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

export async function waitHttp(url: string, ms: number, proc?: Proc): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null)
      throw new Error(`${proc.name} exited early (see ${proc.logFile})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${ms / 1000}s`);
}

export interface Sim extends Proc {
  url: string;
}

export async function startSim(
  opts: { port: number; pace: 'instant' | 'demo'; webhookUrl?: string },
  logDir: string,
): Promise<Sim> {
  const proc = spawnProc(
    `sim-${opts.port}`,
    [path.join(ROOT, 'node_modules/.bin/tsx'), 'lib/sim/main.ts'],
    {
      FIN_SIM_PORT: String(opts.port),
      FIN_SIM_HOST: '127.0.0.1',
      FIN_SIM_TOKEN: TOKEN,
      FIN_SIM_APP_TOKEN: APP_TOKEN,
      FIN_SIM_WEBHOOK_SECRET: CLIENT_SECRET,
      FIN_SIM_EVENTS_SECRET: EVENTS_SECRET,
      FIN_SIM_PACE: opts.pace,
      FIN_SIM_WEBHOOK_URL: opts.webhookUrl ?? '',
    },
    logDir,
  );
  const url = `http://127.0.0.1:${opts.port}`;
  await waitHttp(`${url}/_sim/health`, 60_000, proc);
  return Object.assign(proc, { url });
}

/** The bare relay (bench/lib/bare-relay.ts) in front of the simulator, with its own PGlite. */
export async function startBareRelay(simUrl: string, logDir: string): Promise<Proc & { url: string }> {
  const port = await freePort();
  const proc = spawnProc(
    `bare-relay-${port}`,
    [
      path.join(ROOT, 'node_modules/.bin/tsx'),
      // The console's store module is server-only.
      '--conditions=react-server',
      'bench/lib/bare-relay.ts',
      String(port),
      simUrl,
      TOKEN,
      path.join(logDir, `bare-relay-${port}`),
      EVENTS_SECRET,
    ],
    {},
    logDir,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/health`, 60_000, proc);
  return Object.assign(proc, { url });
}

/** A private copy of the build, so a rebuild in the same checkout cannot swap chunks mid-run. */
export function privateBuild(tmpRoot: string, from = '.next'): string {
  const src = path.resolve(ROOT, from);
  if (!existsSync(path.join(src, 'BUILD_ID')))
    throw new Error(`no production build (${from}/BUILD_ID missing)`);
  const rel = path.relative(ROOT, path.join(tmpRoot, 'next'));
  if (rel.startsWith('..')) throw new Error('the private build must live inside the repository');
  rmSync(path.join(ROOT, rel), { recursive: true, force: true });
  cpSync(src, path.join(ROOT, rel), {
    recursive: true,
    filter: (p) =>
      !['cache', 'types', 'trace', 'trace-build', 'diagnostics'].some(
        (d) => p === path.join(src, d) || p.startsWith(path.join(src, d) + path.sep),
      ),
  });
  return rel;
}

export interface ConsoleProc extends Proc {
  url: string;
}

export async function startConsole(
  opts: {
    port: number;
    simUrl: string;
    dataDir: string;
    distDir: string;
    databaseUrl?: string;
    nodeArgs?: string[];
  },
  logDir: string,
): Promise<ConsoleProc> {
  const proc = spawnProc(
    `console-${opts.port}`,
    [
      process.execPath,
      ...(opts.nodeArgs ?? []),
      path.join(ROOT, 'scripts/server.mjs'),
      '-p',
      String(opts.port),
      '-H',
      '127.0.0.1',
    ],
    {
      NODE_ENV: 'production',
      PORT: String(opts.port),
      FIN_API_BASE_URL: opts.simUrl,
      FIN_AGENT_API_KEY: TOKEN,
      INTERCOM_ACCESS_TOKEN: APP_TOKEN,
      INTERCOM_CLIENT_SECRET: CLIENT_SECRET,
      FIN_EVENTS_WEBHOOK_SECRET: EVENTS_SECRET,
      DATA_DIR: opts.dataDir,
      DATABASE_URL: opts.databaseUrl ?? '',
      NEXT_DIST_DIR: opts.distDir,
      NEXT_TELEMETRY_DISABLED: '1',
      CONSOLE_ADMIN_TOKEN: ADMIN_TOKEN,
      CONSOLE_DEMO_ACCOUNTS: '1',
      // Every benchmark stream is the operations token's: thousands of them on purpose.
      CONSOLE_STREAMS_PER_PRINCIPAL: '1000000',
    },
    logDir,
  );
  const url = `http://127.0.0.1:${opts.port}`;
  await waitHttp(`${url}/api/health`, 120_000, proc);
  return Object.assign(proc, { url });
}

export function treeCpuMs(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // exited meanwhile
    }
  }
  return ticks * 10;
}

export function machineCpu(): { busyMs: number; cores: number } {
  const lines = readFileSync('/proc/stat', 'utf8').split('\n');
  const f = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const busy = f.slice(0, 8).reduce((a, b) => a + b, 0) - (f[3] ?? 0) - (f[4] ?? 0);
  return { busyMs: busy * 10, cores: lines.filter((l) => /^cpu\d+ /.test(l)).length };
}

export function cpuWindow(consolePid: number, simPid: number) {
  let t0 = 0;
  let c0 = 0;
  let s0 = 0;
  let m0 = machineCpu();
  let out: { consoleCores: number; simCores: number; machineBusy: number; ms: number } | null = null;
  return {
    start() {
      t0 = Date.now();
      c0 = treeCpuMs(consolePid);
      s0 = treeCpuMs(simPid);
      m0 = machineCpu();
    },
    end() {
      const ms = Date.now() - t0;
      const m = machineCpu();
      out = {
        consoleCores: (treeCpuMs(consolePid) - c0) / ms,
        simCores: (treeCpuMs(simPid) - s0) / ms,
        machineBusy: (m.busyMs - m0.busyMs) / ms / m.cores,
        ms,
      };
    },
    result: () => out,
  };
}

export async function settle(pid: number, maxMs = 60_000, share = 0.25): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs) {
    const a = treeCpuMs(pid);
    await sleep(1000);
    if (treeCpuMs(pid) - a < share * 1000) break;
  }
  return Date.now() - t0;
}
