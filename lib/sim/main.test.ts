import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@/testing/sim';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function launch(env: Record<string, string>) {
  const child = spawn(tsx, ['lib/sim/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

describe.concurrent('npm run sim', () => {
  it('prints its URL, serves, and stops cleanly on SIGTERM', async () => {
    const { child, out, exited } = launch({
      FIN_SIM_PORT: '0',
      FIN_SIM_PACE: 'instant',
      FIN_SIM_TOKEN: 'cli-token',
    });
    try {
      const url = await waitFor(
        () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.stdout)?.[1],
        15_000,
        'the simulator to listen',
      );
      const health = (await (await fetch(`${url}/_sim/health`)).json()) as { pace: string };
      expect(health.pace).toBe('instant');
      const res = await fetch(`${url}/fin/capabilities`, {
        method: 'POST',
        headers: { authorization: 'Bearer cli-token' },
        body: '{"user":{"id":"u"}}',
      });
      expect(res.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a bad variable with one line naming it and exit code 1', async () => {
    const { out, exited } = launch({ FIN_SIM_PACE: 'warp' });
    expect(await exited).toBe(1);
    expect(out.stderr.trim().split('\n')).toEqual([
      'fin simulator: FIN_SIM_PACE must be "instant" or "demo" (got "warp")',
    ]);
  });
});
