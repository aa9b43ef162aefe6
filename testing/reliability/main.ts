/** The reliability run over each store (docs/reliability.md); returns the process exit code. */
import { matrixTable, runAccessChecks, type AccessResult } from './access';
import { Api } from './api';
import { attacked, breaches, runAttacks } from './attacks';
import type { AttackResult } from './attacks/types';
import { captureConsole } from './capture';
import { driveRun, planRuns, restartIndex, type RunResult } from './faults';
import { runFuzz, type FuzzResult } from './fuzz';
import { addFigures, emptyFigures, failed, summaryLine, table, type Figures } from './report';
import { seeded } from './random';
import { startRig, type StoreKind } from './rig';
import { findBuild, startBuiltConsole } from './server';

export interface Options {
  runs: number;
  fuzz: number;
  seed: number;
  verbose: boolean;
  stores: StoreKind[];
  adminUrl: string | null;
  timeoutMs: number;
  runBudgetMs: number;
  /** The production build pages are checked on (served by scripts/server.mjs), or null to skip them. */
  dist: string | null;
  consolePort: number;
}

export function parseArgs(argv: string[], env: Record<string, string | undefined> = process.env): Options {
  const quick = argv.includes('--quick');
  const num = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
    return n;
  };
  const adminUrl = env.TEST_DATABASE_URL || null;
  const str = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return null;
    const v = argv[i + 1];
    if (!v || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  return {
    runs: num('--runs', quick ? 6 : 21),
    fuzz: num('--fuzz', quick ? 150 : 600),
    seed: num('--seed', Number(env.RELIABILITY_SEED) || Math.floor(Math.random() * 2 ** 31)),
    verbose: argv.includes('--verbose'),
    stores: adminUrl ? ['pglite', 'postgres'] : ['pglite'],
    adminUrl,
    timeoutMs: 1500,
    runBudgetMs: 30_000,
    dist: argv.includes('--no-pages') ? null : (str('--dist') ?? '.next'),
    consolePort: num('--console-port', 0),
  };
}

export interface StoreReport {
  store: StoreKind;
  figures: Figures;
  runs: RunResult[];
  fuzz: FuzzResult;
  access: AccessResult;
  attacks: AttackResult[];
  pagesSkipped: string | null;
  logLines: number;
  logErrors: string[];
}

export async function checkStore(
  store: StoreKind,
  o: Options,
  out: (line: string) => void,
): Promise<StoreReport> {
  const capture = captureConsole(false);
  try {
    const rig = await startRig({
      store,
      adminUrl: o.adminUrl,
      timeoutMs: o.timeoutMs,
      random: seeded(o.seed ^ 0x5eed),
    });
    const api = new Api(rig);
    try {
      const specs = planRuns(o.runs, o.seed, null);
      const at = restartIndex(specs);
      const plans = planRuns(o.runs, o.seed, at);
      const runs: RunResult[] = [];
      for (const spec of plans) {
        const r = await driveRun(rig, api, spec, { timeoutMs: o.timeoutMs, runBudgetMs: o.runBudgetMs });
        runs.push(r);
        out(
          `  run ${String(r.index + 1).padStart(2)} ${r.procedureId} [${r.plan}] sim=${r.simEvents} stored=${r.stored} browser=${r.browser} lost=${r.eventsLost} dup=${r.storeDuplicates + r.browserDuplicates} hitl=${r.hitlAnswered}/${r.hitlLost}/${r.hitlDoubled} ${r.durationMs} ms`,
        );
        if (
          o.verbose ||
          r.eventsLost +
            r.browserLost +
            r.storeDuplicates +
            r.browserDuplicates +
            r.hitlLost +
            r.hitlDoubled +
            r.stepsMissing +
            r.internalErrors >
            0
        )
          for (const n of r.notes) out(`      ${n}`);
      }
      const fuzz = await runFuzz(rig, api, {
        cases: o.fuzz,
        seed: o.seed,
        log: out,
        verbose: o.verbose,
        lines: capture.lines,
      });
      // Pages and the request proxy need a real Next server: one on an existing build, if any.
      let pagesSkipped: string | null = null;
      const dist = o.dist === null ? null : findBuild(process.cwd(), o.dist);
      const served =
        dist === null
          ? null
          : await startBuiltConsole(rig, { dist, port: o.consolePort, ownOrigin: true }).catch(
              (error: unknown) => {
                pagesSkipped = `the built console did not start: ${String(error).slice(0, 200)}`;
                return null;
              },
            );
      if (o.dist === null) pagesSkipped = '--no-pages';
      else if (dist === null)
        pagesSkipped = `no production build in ${o.dist} (run next build, or pass --dist DIR)`;
      if (served) out(`  access: pages and API over HTTP on ${served.url} (build ${served.dist})`);
      let access: AccessResult;
      let attacks: AttackResult[];
      try {
        access = await runAccessChecks(rig, api, capture.lines, { http: served });
        attacks = await runAttacks({ rig, api, served }, out);
      } finally {
        await served?.stop();
      }
      const sum = (f: (r: RunResult) => number) => runs.reduce((n, r) => n + f(r), 0);
      const figures: Figures = {
        runs: runs.length,
        events_lost: sum((r) => r.eventsLost + r.browserLost),
        events_duplicated: sum((r) => r.storeDuplicates + r.browserDuplicates),
        hitl_lost: sum((r) => r.hitlLost),
        hitl_doubled: sum((r) => r.hitlDoubled),
        fuzz_cases: fuzz.cases,
        fuzz_5xx: fuzz.fiveHundreds,
        access_violations: access.violations.length,
        attacks: attacked(attacks),
        breaches: breaches(attacks),
      };
      const logErrors = capture.lines.filter((l) => l.level === 'error').map((l) => l.text.split('\n')[0]!);
      return {
        store,
        figures,
        runs,
        fuzz,
        access,
        attacks,
        pagesSkipped,
        logLines: capture.lines.length,
        logErrors,
      };
    } finally {
      await rig.close();
    }
  } finally {
    capture.restore();
  }
}

export function printReport(reports: StoreReport[], o: Options, print: (s: string) => void): Figures {
  let total = emptyFigures();
  for (const r of reports) total = addFigures(total, r.figures);
  const sum = (r: StoreReport, f: (x: RunResult) => number) => r.runs.reduce((n, x) => n + f(x), 0);
  print('');
  print(`Fault runs (seed ${o.seed})`);
  print(
    table([
      [
        'store',
        'runs',
        'sim events',
        'stored',
        'browser',
        'lost',
        'browser lost',
        'chunks lost',
        'dup store',
        'dup browser',
        'hitl answered',
        'hitl lost',
        'hitl doubled',
        'hitl resent',
        'steps missing',
        '500s',
        'restart ms',
      ],
      ...reports.map((r) => [
        r.store,
        r.runs.length,
        sum(r, (x) => x.simEvents),
        sum(r, (x) => x.stored),
        sum(r, (x) => x.browser),
        sum(r, (x) => x.eventsLost),
        sum(r, (x) => x.browserLost),
        sum(r, (x) => x.chunksLost),
        sum(r, (x) => x.storeDuplicates),
        sum(r, (x) => x.browserDuplicates),
        sum(r, (x) => x.hitlAnswered),
        sum(r, (x) => x.hitlLost),
        sum(r, (x) => x.hitlDoubled),
        sum(r, (x) => x.hitlResent),
        sum(r, (x) => x.stepsMissing),
        sum(r, (x) => x.internalErrors),
        r.runs.find((x) => x.restartMs !== null)?.restartMs ?? '-',
      ]),
    ]),
  );
  print('');
  print('Bad input (fast-check)');
  print(
    table([
      [
        'store',
        'route',
        'cases',
        '2xx',
        '4xx',
        '5xx',
        'bad rejections',
        'stored from rejected',
        'errors logged',
        'stream mismatches',
      ],
      ...reports.flatMap((r) =>
        [...r.fuzz.byRoute.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([route, s]) => [
            r.store,
            route,
            s.cases,
            s.ok,
            s.rejected,
            s.fiveHundreds,
            s.badRejections,
            s.storedFromRejected,
            s.errorsLogged,
            s.streamMismatches,
          ]),
      ),
    ]),
  );
  print('');
  print('Access matrix (status per caller; ! = violation; in-process/HTTP where both ran)');
  for (const r of reports) {
    print(`${r.store}:`);
    print(table(matrixTable(r.access.matrix)));
    if (r.pagesSkipped) print(`  pages not checked: ${r.pagesSkipped}`);
    const absent = [...new Set(r.access.matrix.flatMap((m) => m.absent))];
    if (absent.length) print(`  in the table but not in app/api: ${absent.join(', ')}`);
  }
  print('');
  print('Access');
  print(
    table([
      ['store', 'checks', 'matrix requests', 'violations', 'log lines captured', 'error lines'],
      ...reports.map((r) => [
        r.store,
        r.access.checks,
        r.access.matrix.reduce((n, m) => n + m.requests, 0),
        r.access.violations.length,
        r.logLines,
        r.logErrors.length,
      ]),
    ]),
  );
  print('');
  print('Attacks (each review item replayed against the served console)');
  print(
    table([
      ['store', 'item', 'attack', 'result', 'detail'],
      ...reports.flatMap((r) =>
        r.attacks.map((a) => [
          r.store,
          a.item,
          a.name,
          a.skipped ? 'skipped' : a.breach ? 'BREACH' : 'held',
          (a.skipped ?? a.detail).slice(0, 140),
        ]),
      ),
    ]),
  );
  for (const r of reports) {
    for (const v of r.access.violations) print(`  ${r.store}: ACCESS ${v}`);
    for (const f of r.fuzz.failures.slice(0, 12)) print(`  ${r.store}: FUZZ ${f}`);
    for (const e of [...new Set(r.logErrors)].slice(0, 8))
      print(`  ${r.store}: log error: ${e.slice(0, 200)}`);
  }
  print('');
  print(summaryLine(total));
  return total;
}

export async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  const print = (s: string) => process.stdout.write(`${s}\n`);
  print(
    `Reliability: ${o.runs} fault runs, ${o.fuzz} fuzz cases per store (${o.stores.join(' + ')}), seed ${o.seed}`,
  );
  const reports: StoreReport[] = [];
  for (const store of o.stores) {
    print(`${store}:`);
    reports.push(await checkStore(store, o, print));
  }
  const total = printReport(reports, o, print);
  // Also failures: rejections without a proper error.list, rejected input that left rows, errors
  // logged, stream mismatches, HITL requests that never reached the inbox, console 500s.
  const other = reports.reduce(
    (n, r) => n + r.fuzz.otherFailures + r.runs.reduce((m, x) => m + x.stepsMissing + x.internalErrors, 0),
    0,
  );
  return failed(total) || other > 0 ? 1 : 0;
}
