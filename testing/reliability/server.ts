/** A production console on an existing build, for the access checks that need pages and the request proxy. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Rig } from './rig';
import { freePort, sleep } from '@/testing/util';

export interface BuiltConsole {
  url: string;
  dist: string;
  /** The server process (its memory is read from /proc by the body-limit attacks). */
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

export function findBuild(root: string, dist: string | null): string | null {
  const dir = dist ?? '.next';
  return existsSync(path.join(root, dir, 'BUILD_ID')) ? dir : null;
}

export async function startBuiltConsole(
  rig: Rig,
  opts: {
    dist: string;
    port?: number;
    root?: string;
    /** Settings over the defaults below; `undefined` removes one (e.g. CONSOLE_DEMO_ACCOUNTS). */
    env?: Record<string, string | undefined>;
    /** A store kept by the caller (not removed on stop), to restart a console on the same data. */
    dataDir?: string;
    /** Serve with CONSOLE_ORIGIN set to its own URL, so other host names are refused (421). */
    ownOrigin?: boolean;
  },
): Promise<BuiltConsole> {
  const root = opts.root ?? process.cwd();
  const port = opts.port || (await freePort());
  const work = mkdtempSync(path.join(tmpdir(), 'fin-console-access-'));
  const logFile = path.join(work, 'console.log');
  const fd = openSync(logFile, 'a');
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? work,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: opts.dist,
    PORT: String(port),
    FIN_API_BASE_URL: rig.env.finApiBaseUrl,
    FIN_AGENT_API_KEY: rig.token,
    INTERCOM_ACCESS_TOKEN: rig.appToken,
    INTERCOM_CLIENT_SECRET: rig.clientSecret,
    FIN_EVENTS_WEBHOOK_SECRET: rig.eventsSecret,
    DATA_DIR: opts.dataDir ?? path.join(work, 'data'),
    CONSOLE_ADMIN_TOKEN: rig.adminToken,
    CONSOLE_DEMO_ACCOUNTS: '1',
    ...(opts.ownOrigin ? { CONSOLE_ORIGIN: `http://127.0.0.1:${port}` } : {}),
    ...opts.env,
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'scripts/server.mjs'), '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: Object.fromEntries(
        Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
      ) as NodeJS.ProcessEnv,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // gone already
      }
      await Promise.race([exited, sleep(5000)]);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(work, { recursive: true, force: true });
  };
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      const out = log();
      await stop();
      throw new Error(`the console server exited early: ${out.slice(-400)}`);
    }
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${url} did not answer within 120 s`);
    }
    await sleep(300);
  }
  return { url, dist: opts.dist, pid: child.pid!, log, stop };
}
