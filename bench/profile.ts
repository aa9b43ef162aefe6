// One workload under --cpu-prof, CPU by function and package: usage in docs/decisions/benchmarks.md.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fanout } from './fanout';
import { ingest } from './ingest';
import { privateBuild, ROOT, startConsole, startSim, stopAll } from './lib/procs';
import { freePort, log } from './lib/util';
import { relay } from './relay';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function summarize(file: string, top = 30) {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: Node[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT, '');
    const name = `${n.callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-3).join('/')}:${n.callFrame.lineNumber}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const p = m
      ? m[1]!
      : url.includes('/.next') || url.includes('/.tmp/')
        ? 'app (built)'
        : url.startsWith('node:')
          ? 'node internals'
          : url
            ? url.split('/').slice(0, 3).join('/')
            : n.callFrame.functionName;
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const show = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(
        ([name, us]) =>
          `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`,
      )
      .join('\n');
  console.log(
    `\n${path.basename(file)}: ${(total / 1000).toFixed(0)} ms sampled\n-- by package --\n${show(pkg, 15)}\n-- by function (self) --\n${show(fn, top)}`,
  );
}

async function main() {
  const workload = process.argv[2] ?? 'ingest';
  const flag = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const databaseUrl = flag('pg');
  const profiled = !process.argv.includes('--no-prof');
  const tmp = mkdtempSync(path.join(ROOT, '.tmp/bench-prof-'));
  const profDir = path.join(tmp, 'prof');
  const dist = privateBuild(tmp, flag('dist'));
  const sim = await startSim({ port: await freePort(), pace: 'demo' }, tmp);
  const con = await startConsole(
    {
      port: await freePort(),
      simUrl: sim.url,
      dataDir: path.join(tmp, 'data'),
      distDir: dist,
      ...(databaseUrl ? { databaseUrl } : {}),
      nodeArgs: profiled ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
    },
    tmp,
  );
  const tag = Math.random().toString(36).slice(2, 8);
  if (workload === 'ingest')
    log(
      JSON.stringify(
        await ingest(con.url, {
          count: Number(flag('count') ?? 3000),
          concurrency: 32,
          conversations: 32,
          consoleStreams: true,
          tag,
        }),
      ),
    );
  if (workload === 'streams')
    log(JSON.stringify(await fanout(con.url, con.pid, { target: 600, conversations: 50, tag })));
  if (workload === 'relay')
    log(JSON.stringify(await relay(con.url, 50, { simUrl: sim.url, windowMs: 8000, thinkMs: 1000 })));
  // The bench's 100-conversation row: demo pace, 3 s think time.
  if (workload === 'relay100')
    log(JSON.stringify(await relay(con.url, 100, { simUrl: sim.url, windowMs: 10_000, thinkMs: 3000 })));
  if (workload === 'relay1000')
    log(
      JSON.stringify(
        await relay(con.url, 1000, { simUrl: sim.url, windowMs: 10_000, thinkMs: 3000, rampCapMs: 75_000 }),
      ),
    );
  await stopAll();
  if (!profiled) return;
  for (const f of readdirSync(profDir)) summarize(path.join(profDir, f));
  console.log(`\nprofiles kept in ${path.relative(ROOT, profDir)}`);
}

void main();
