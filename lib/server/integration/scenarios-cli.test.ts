/** `npm run scenarios` as a process, against the console's routes served on loopback with the real simulator. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ADMIN_TOKEN, harnessPerFile } from '@/testing/server/harness';
import { serveRoutes } from '@/testing/server/route-server';

harnessPerFile();

let server: Awaited<ReturnType<typeof serveRoutes>>;
let base = '';
beforeAll(async () => {
  server = await serveRoutes();
  base = server.base;
});
afterAll(() => server.close());

const exec = promisify(execFile);

describe('npm run scenarios', () => {
  it('reports each scenario, pass^k over repeats, writes JUnit XML and exits 1 on a failure', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scenarios-cli-'));
    await writeFile(
      path.join(dir, 'cli.yaml'),
      stringify({
        name: 'CLI suite',
        scenarios: [
          {
            name: 'Password reset',
            procedure_id: '41002',
            replies: ['pat@example.com'],
            expect: [{ fin_says: { contains: 'reset link to pat@example.com' } }, { resolved: true }],
          },
          {
            name: 'Refund <declined> expected as resolved',
            procedure_id: '41001',
            replies: ['C-1'],
            hitl: { 'Approve Refund': false, 'Refund Reason': 'Arrived late', 'Refund Amount': 3 },
            expect: [{ hitl_asked: ['Approve Refund'] }, { resolved: true }],
          },
        ],
      }),
    );
    const junit = path.join(dir, 'out.xml');
    const run = exec(
      'npx',
      ['tsx', 'scripts/scenarios.ts', '--suite', dir, '--console', base, '--junit', junit, '--repeat', '2'],
      { env: { ...process.env, CONSOLE_ADMIN_TOKEN: ADMIN_TOKEN }, timeout: 90_000 },
    );
    const failure = await run.then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failure?.code).toBe(1);
    const lines = failure!.stdout.trim().split('\n');
    expect(lines[0]).toBe(`CLI suite (${path.join(dir, 'cli.yaml')}, 2 scenarios × 2)`);
    expect(lines[1]).toMatch(/^ {2}✓ Password reset \(\d+\.\d s\) pass\^2: 2\/2 passed$/);
    expect(lines[2]).toMatch(
      /^ {2}✗ Refund <declined> expected as resolved \(\d+\.\d s\) pass\^2: 0\/2 passed$/,
    );
    expect(lines[3]).toBe('      failed: resolved: was never resolved');
    expect(lines[4]).toBe('      expected: HITL step asking for Approve Refund → resolved');
    expect(lines.at(-1)).toBe(`1 passed, 1 failed (2 scenarios against ${base})`);

    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('<testsuites name="scenarios" tests="2" failures="1" errors="0"');
    expect(xml).toMatch(/<testcase classname="CLI suite" name="Password reset" time="[\d.]+"\/>/);
    expect(xml).toContain(
      '<testcase classname="CLI suite" name="Refund &lt;declined&gt; expected as resolved"',
    );
    expect(xml).toContain('<failure message="resolved: was never resolved">pass^2: 0/2 repeats passed');
  }, 120_000);

  it('refuses a bad suite file before calling the console, naming its line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scenarios-cli-'));
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'name: Bad\nscenarios:\n  - name: x\n    expect: [{ status: nope }]\n');
    const failure = await exec('npx', [
      'tsx',
      'scripts/scenarios.ts',
      '--suite',
      file,
      '--token',
      'x'.repeat(24),
    ]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain(`${file}:4:`);
  }, 60_000);
});
