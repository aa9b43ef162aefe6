// `npm run bench [-- --quick]`: what it starts and measures is in docs/decisions/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import {
  firstLoadJs,
  hitlForm,
  inbox,
  launch,
  timeline,
  type FirstLoad,
  type HitlFormResult,
  type InboxResult,
  type TimelineResult,
} from './browser';
import { fanout, type FanoutResult } from './fanout';
import { alternateRounds, ingest, type IngestResult } from './ingest';
import {
  cpuWindow,
  machineCpu,
  privateBuild,
  ROOT,
  settle,
  spawnProc,
  startConsole,
  startBareRelay,
  startSim,
  stopAll,
  treeCpuMs,
  EVENTS_SECRET,
  type ConsoleProc,
  type Sim,
} from './lib/procs';
import { cpuBound, freePort, log, ratio, round, sleep } from './lib/util';
import { relay, type RelayResult } from './relay';
import { simVsPrism, type SimRpsResult } from './simrps';

const quick = process.argv.includes('--quick');
const distArg = process.argv[process.argv.indexOf('--dist') + 1];
const buildDir = process.argv.includes('--dist') && distArg ? distArg : '.next';
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const want = (section: string) => !only || only.includes(section);

const CFG = quick
  ? {
      relay: [
        { n: 1, windowMs: 12_000 },
        { n: 50, windowMs: 6000 },
      ],
      fanoutStreams: 1000,
      ingestCount: 1000,
      ingestRounds: 1,
      rpsMs: 1000,
      rpsRounds: 2,
      inboxSteps: 0,
      timelineEvents: 2000,
    }
  : {
      relay: [
        { n: 1, windowMs: 15_000 },
        { n: 100, windowMs: 10_000 },
        { n: 1000, windowMs: 10_000 },
      ],
      fanoutStreams: 5000,
      ingestCount: 10_000,
      ingestRounds: 3,
      rpsMs: 3000,
      rpsRounds: 2,
      inboxSteps: 5000,
      timelineEvents: 10_000,
    };
const inboxArg = process.argv.find((a) => a.startsWith('--inbox='));
if (inboxArg) CFG.inboxSteps = Number(inboxArg.slice(8));
/** `--relay=1000` (or `1,100`): only these relay sizes, each with the full run's window. */
const relayArg = process.argv.find((a) => a.startsWith('--relay='));
if (relayArg) {
  const sizes = relayArg.slice(8).split(',').map(Number);
  CFG.relay = sizes.map((n) => ({ n, windowMs: n === 1 ? 15_000 : 10_000 }));
}
const timelineArg = process.argv.find((a) => a.startsWith('--timeline='));
if (timelineArg) CFG.timelineEvents = Number(timelineArg.slice(11));
const THINK_MS = 3000;

const JSON_KEYS = [
  'relay_p50_ms',
  'relay_p99_ms_1000',
  'relay_ratio_p50',
  'relay_ratio_p50_1000',
  'relay_cpu_ratio_bare',
  'stored_p50_ms_1000',
  'streams_held',
  'mib_per_1000_streams',
  'ingest_per_s_pg',
  'ingest_ratio_pg',
  'ingest_cpu_ratio_bare',
  'ingest_cpu_floor_ratio_bare',
  'sim_rps',
  'sim_ratio_prism',
  'first_load_js_kb_max',
  'hitl_form_50_ms',
] as const;
type Key = (typeof JSON_KEYS)[number];

const figures: Record<Key, number | null> = Object.fromEntries(JSON_KEYS.map((k) => [k, null])) as Record<
  Key,
  number | null
>;
const why: Partial<Record<Key, string>> = {};
const notes: string[] = [];
const rows: string[][] = [];
const row = (...cells: (string | number | null | undefined)[]) =>
  rows.push(cells.map((c) => (c == null ? '—' : String(c))));
const fail = (keys: Key[], section: string, error: unknown) => {
  const msg = error instanceof Error ? error.message : String(error);
  log(`${section} failed: ${msg}`);
  for (const k of keys) why[k] ??= `${section}: ${msg.split('\n')[0]!.slice(0, 160)}`;
  row(section, 'not measured', null, null, null, msg.split('\n')[0]!.slice(0, 160));
};

async function ensureBuild() {
  if (buildDir !== '.next' || existsSync(path.join(ROOT, '.next/BUILD_ID'))) return;
  log('no production build: building (under the shared build lock)');
  const r = spawnSync('flock', ['/tmp/next-build.lock', 'npx', 'next', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 15 * 60_000,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error('next build failed');
}

/** A free port at or after `from` (the throwaway PostgreSQL wants a predictable one). */
async function portFrom(from: number): Promise<number> {
  const { createServer } = await import('node:net');
  for (let p = from; p < from + 20; p++) {
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return p;
  }
  throw new Error(`no free port in ${from}..${from + 19}`);
}

async function main() {
  const started = Date.now();
  mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  const tmp = mkdtempSync(path.join(ROOT, '.tmp/bench-'));
  const pgDir = `/tmp/fin-bench-pg-${process.pid}`;
  let pgStarted = false;
  const tag = Math.random().toString(36).slice(2, 8);
  log(`${quick ? 'quick' : 'full'} run; work dir ${path.relative(ROOT, tmp)}`);
  let sim: Sim | null = null;
  let con: ConsoleProc | null = null;
  let dist = '';
  const results: Record<string, unknown> = { quick, date: new Date().toISOString() };
  try {
    await ensureBuild();
    dist = privateBuild(tmp, buildDir);

    // 5a. First-load JS (static, from the build's manifests).
    if (want('firstload')) {
      try {
        const pages: FirstLoad[] = firstLoadJs(path.join(ROOT, dist));
        results.firstLoad = pages;
        const max = Math.max(...pages.map((p) => p.gzipKb));
        figures.first_load_js_kb_max = round(max, 1);
        for (const p of pages)
          row(
            `First-load JS ${p.route}`,
            `${p.gzipKb} kB gz`,
            `${p.rawKb} kB raw, ${p.files} files`,
            null,
            '≤ 180 kB',
            p.gzipKb <= 180 ? 'ok' : 'over target',
          );
      } catch (e) {
        fail(['first_load_js_kb_max'], 'First-load JS', e);
      }
    }

    sim = await startSim({ port: await freePort(), pace: 'demo' }, tmp);
    con = await startConsole(
      { port: await freePort(), simUrl: sim.url, dataDir: path.join(tmp, 'data-pglite'), distDir: dist },
      tmp,
    );
    log(`simulator ${sim.url} (demo pace), console ${con.url} (PGlite), pid ${con.pid}`);

    // 1. Relay latency, and the CPU an event costs the console beside the bare relay.
    if (want('relay')) {
      const relays: RelayResult[] = [];
      const bareCost = new Map<number, number | null>();
      const consoleCost = new Map<number, number | null>();
      const bareRelay = await startBareRelay(sim.url, tmp);
      // Warm-up outside the timing: the first events a fresh console handles run cold code
      // (route modules loaded on first use, unoptimised JIT), which would land on the 1-conversation row.
      await relay(con.url, 5, { simUrl: sim.url, windowMs: 4000, thinkMs: THINK_MS }).catch(() => undefined);
      await relay(bareRelay.url, 5, {
        simUrl: sim.url,
        windowMs: 4000,
        thinkMs: THINK_MS,
        subscribeFirst: true,
      }).catch(() => undefined);
      await settle(con.pid);
      const measured = async (url: string, pid: number, n: number, windowMs: number, bare: boolean) => {
        const cpu = cpuWindow(pid, sim!.pid);
        const r = await relay(url, n, {
          simUrl: sim!.url,
          windowMs,
          thinkMs: THINK_MS,
          rampCapMs: 75_000,
          window: cpu,
          subscribeFirst: bare,
        });
        const w = cpu.result();
        const perEvent = w && r.eventsPerS ? Math.round((w.consoleCores * 1e6) / r.eventsPerS) : null;
        const waited = await settle(pid);
        if (waited > 2000)
          log(
            `relay: ${bare ? 'bare relay' : 'console'} busy for ${(waited / 1000).toFixed(0)}s after the run`,
          );
        return { r, w, perEvent };
      };
      for (const { n, windowMs } of CFG.relay) {
        try {
          log(`relay: ${n} conversations`);
          const { r, w, perEvent } = await measured(con.url, con.pid, n, windowMs, false);
          relays.push(r);
          consoleCost.set(n, perEvent);
          log(`relay ${n}: ${JSON.stringify(r)}`);
          // What the window cost: the console's CPU per relayed event, and how busy the machine was.
          const cpuNote = w
            ? `; window CPU: console ${w.consoleCores.toFixed(2)} cores (${perEvent ?? '—'} µs per event), simulator ${w.simCores.toFixed(2)}, machine ${Math.round(w.machineBusy * 100)}% busy`
            : '';
          const ge = r.p99LowerBound ? '≥ ' : '';
          // The p99 at 1,000 is absolute: say what else held the cores, and what the
          // direct reader (the path's physical limit) saw under the same load.
          if (n === 1000 && w && r.consoleP99 !== null && r.consoleP99 >= 50)
            notes.push(
              `relay_p99_ms_1000: in its window the machine was ${Math.round(w.machineBusy * 100)}% busy (console ${w.consoleCores.toFixed(2)} cores, simulator ${w.simCores.toFixed(2)}, the bench's ${2 * r.conversations} stream readers most of the rest, on ${cpus().length} cores); the direct reader's own p99 was ${r.directP99} ms${r.directP99 !== null && r.directP99 >= 50 ? ', itself over the 50 ms target' : ''}`,
            );
          row(
            `Relay latency, ${n} live conversation${n > 1 ? 's' : ''}`,
            `console p50 ${r.consoleP50} / p99 ${ge}${r.consoleP99} ms`,
            `direct p50 ${r.directP50} / p99 ${r.directP99} ms`,
            r.ratioP50 === null ? null : `${r.ratioP50}×`,
            n === 1000 ? '≤ 2× p50, stored copy p50 ≤ 100 ms' : '≤ 2× p50',
            `stored copy p50 ${r.storedP50} / p99 ${ge}${r.storedP99} ms; ${r.samples} events${r.conversations < n ? `, ${r.conversations} started in the ramp cap` : ''}, ${r.eventsPerS} ev/s relayed, ramp ${r.rampS}s; late/lost ${r.lateOrLost}, caught up ${r.notFollowedYet}; ${r.errors} errors${cpuNote}`,
          );
        } catch (e) {
          fail(
            n === 1000 ? ['relay_p99_ms_1000', 'relay_ratio_p50_1000', 'stored_p50_ms_1000'] : [],
            `Relay ${n}`,
            e,
          );
        }
        if (n === 1) continue;
        try {
          log(`bare relay: ${n} conversations`);
          const { r, w, perEvent } = await measured(bareRelay.url, bareRelay.pid, n, windowMs, true);
          bareCost.set(n, perEvent);
          const mine = consoleCost.get(n) ?? null;
          const x = ratio(mine, perEvent);
          row(
            `Relay CPU per event, ${n} live conversations`,
            `console ${mine ?? '—'} µs`,
            `bare relay ${perEvent ?? '—'} µs`,
            x === null ? null : `${x}×`,
            '≤ 1.5× bare',
            `bare relay: p50 ${r.consoleP50} / p99 ${r.consoleP99} ms (direct ${r.directP50} / ${r.directP99} ms), stored copy p50 ${r.storedP50} ms; ${r.eventsPerS} ev/s, ${r.conversations} conversations, late/lost ${r.lateOrLost}, ${r.errors} errors${w ? `; ${w.consoleCores.toFixed(2)} cores, simulator ${w.simCores.toFixed(2)}, machine ${Math.round(w.machineBusy * 100)}% busy` : ''}`,
          );
        } catch (e) {
          fail(n === 1000 ? ['relay_cpu_ratio_bare'] : [], `Bare relay ${n}`, e);
        }
      }
      await bareRelay.stop();
      results.relay = relays;
      results.relayCpu = { console: Object.fromEntries(consoleCost), bare: Object.fromEntries(bareCost) };
      const one = relays.find((r) => r.requested === 1);
      figures.relay_p50_ms = one?.consoleP50 ?? null;
      figures.relay_ratio_p50 = one?.ratioP50 ?? null;
      const missing = (n: number, what: string) =>
        `relay with ${what} ${CFG.relay.some((c) => c.n === n) ? 'failed' : 'not measured in this run (--relay)'}`;
      if (!one) why.relay_p50_ms = why.relay_ratio_p50 = missing(1, '1 conversation');
      const big = relays.find((r) => r.requested === 1000);
      // Figures at 1,000 only if 1,000 were live; otherwise the table row says what was measured.
      const full = big && big.conversations === big.requested;
      figures.relay_p99_ms_1000 = full ? big.consoleP99 : null;
      figures.relay_ratio_p50_1000 = full ? big.ratioP50 : null;
      figures.stored_p50_ms_1000 = full ? big.storedP50 : null;
      figures.relay_cpu_ratio_bare = ratio(consoleCost.get(1000) ?? null, bareCost.get(1000) ?? null);
      if (big && !full)
        why.relay_p99_ms_1000 =
          why.relay_ratio_p50_1000 =
          why.stored_p50_ms_1000 =
            `${big.conversations} of 1,000 conversations started through the console (no new start after 75 s; ${big.errors} start/reply errors); with those live, console p99 ${big.p99LowerBound ? '≥ ' : ''}${big.consoleP99} ms`;
      else if (big?.p99LowerBound)
        notes.push(
          `relay_p99_ms_1000 is a lower bound: ${big.lateOrLost} events were not relayed before the readers closed`,
        );
      if (!big) {
        const reason = quick
          ? 'quick run: 1,000 conversations only in the full run'
          : missing(1000, '1,000 conversations');
        for (const k of [
          'relay_p99_ms_1000',
          'relay_ratio_p50_1000',
          'stored_p50_ms_1000',
          'relay_cpu_ratio_bare',
        ] as const)
          why[k] ??= reason;
      }
    }

    // 3a. Webhook ingest on the embedded store, next to the bare HMAC limit.
    let bare: { url: string; stop(): Promise<void> } | null = null;
    const barePort = await freePort();
    const bareProc = spawnProc(
      'bare-webhook',
      [
        path.join(ROOT, 'node_modules/.bin/tsx'),
        'bench/lib/bare-webhook.ts',
        String(barePort),
        EVENTS_SECRET,
      ],
      {},
      tmp,
    );
    bare = { url: `http://127.0.0.1:${barePort}`, stop: () => bareProc.stop() };
    const bareDeadline = Date.now() + 30_000;
    while (
      Date.now() < bareDeadline &&
      !(await fetch(bare.url, { method: 'POST' }).then(
        () => true,
        () => false,
      ))
    )
      await sleep(200);
    const ingestOpts = { count: CFG.ingestCount, concurrency: 32, conversations: 32 };
    const bareRuns: IngestResult[] = [];
    const cpuOver = (pids: number[]) => {
      let ms = 0;
      let mine = 0;
      let delivered = 0;
      let busyMs = 0;
      let wallMs = 0;
      const perDelivery = (total: number) => (delivered > 0 ? Math.round((total * 1000) / delivered) : null);
      return {
        async measured(run: () => Promise<IngestResult>) {
          const before = pids.map(treeCpuMs);
          const self = process.cpuUsage();
          const m0 = machineCpu();
          const t0 = Date.now();
          const r = await run();
          wallMs += Date.now() - t0;
          const m = machineCpu();
          busyMs += (m.busyMs - m0.busyMs) / m.cores;
          ms += pids.reduce((sum, pid, i) => sum + treeCpuMs(pid) - before[i]!, 0);
          const used = process.cpuUsage(self);
          mine += (used.user + used.system) / 1000;
          delivered += r.ok;
          return r;
        },
        perDelivery: () => perDelivery(ms),
        generatorPerDelivery: () => perDelivery(mine),
        machineBusy: () => (wallMs > 0 ? Math.round((100 * busyMs) / wallMs) : null),
      };
    };
    const bareCpu = cpuOver([bareProc.pid]);
    const runBare = () =>
      bareCpu.measured(async () => {
        const r = await ingest(bare.url, {
          ...ingestOpts,
          consoleStreams: false,
          tag: `${tag}-bare${bareRuns.length}`,
        });
        bareRuns.push(r);
        return r;
      });
    const ingestRow = async (
      store: string,
      url: string,
      name: string,
      pid: number,
      dbPid?: number,
      /** Another subject measured in each round, after the console. */
      alongside?: (round: number) => Promise<unknown>,
    ) => {
      const consoleCpu = cpuOver([pid]);
      const dbCpu = cpuOver(dbPid ? [dbPid] : []);
      const r = await alternateRounds(CFG.ingestRounds, runBare, async (i) => {
        const mine = await dbCpu.measured(() =>
          consoleCpu.measured(() =>
            ingest(url, { ...ingestOpts, consoleStreams: true, tag: `${tag}-${name}${i}` }),
          ),
        );
        await alongside?.(i);
        return mine;
      });
      const { console: p, bare: b, rounds } = r;
      const x = ratio(p.perS, b.perS, 3);
      const cpu = `CPU per delivery: console ${consoleCpu.perDelivery()} µs${dbPid ? `, PostgreSQL ${dbCpu.perDelivery()} µs` : ''}, load generator ${consoleCpu.generatorPerDelivery()} µs; bare server ${bareCpu.perDelivery()} µs, its load generator ${bareCpu.generatorPerDelivery()} µs; machine busy ${consoleCpu.machineBusy()}% (bare ${bareCpu.machineBusy()}%)`;
      const bound = cpuBound(
        {
          server: consoleCpu.perDelivery(),
          db: dbPid ? dbCpu.perDelivery() : 0,
          generator: consoleCpu.generatorPerDelivery(),
        },
        { server: bareCpu.perDelivery(), generator: bareCpu.generatorPerDelivery() },
      );
      row(
        `Webhook ingest, ${store}`,
        `${p.perS}/s`,
        `bare HMAC ${b.perS}/s`,
        x === null ? null : `${x}×`,
        store === 'PostgreSQL' ? '≥ 0.5× bare' : null,
        `median of ${rounds.length} alternating rounds (console/bare ${rounds.map((q) => `${q.console}/${q.bare}`).join(', ')}); ${p.ok} ok, ${p.failed} failed, ${p.fannedOut} fanned out, 32 in flight, p50 ${p.p50Ms} ms; ${cpu}${bound ? `; CPU predicts ${bound.predicted}×, ${bound.atBareCost}× for a console costing what the bare server does, ${bound.ceiling}× for one costing nothing` : ''}`,
      );
      if (bound && store === 'PostgreSQL' && bound.atBareCost < 0.5)
        notes.push(
          `ingest_ratio_pg: with PostgreSQL and the load generator on the same ${cpus().length} cores, a console that spent no more CPU per delivery than the bare server would reach ${bound.atBareCost}× (${bound.ceiling}× at no cost at all; CPU per delivery, same run). The CPU model predicts ${bound.predicted}× against the ${x}× measured`,
        );
      return { ...r, cpu: { console: consoleCpu.perDelivery(), bare: bareCpu.perDelivery() } };
    };
    if (want('ingest')) {
      // The work a delivery needs and nothing else: the bare relay checks the HMAC, stores the
      // event in PGlite and writes it to the conversation's browser stream.
      const floor = await startBareRelay(sim.url, tmp);
      try {
        const floorCpu = cpuOver([floor.pid]);
        const r = await ingestRow('PGlite', con.url, 'pglite', con.pid, undefined, (i) =>
          floorCpu.measured(() =>
            ingest(floor.url, { ...ingestOpts, consoleStreams: true, tag: `${tag}-floor${i}` }),
          ),
        );
        const needed = floorCpu.perDelivery();
        results.ingestPglite = { ...r, cpu: { ...r.cpu, bareStore: needed } };
        figures.ingest_cpu_ratio_bare = ratio(r.cpu.console, r.cpu.bare);
        figures.ingest_cpu_floor_ratio_bare = ratio(needed, r.cpu.bare);
        row(
          'Webhook ingest CPU per delivery, PGlite',
          `console ${r.cpu.console ?? '—'} µs`,
          `bare HMAC ${r.cpu.bare ?? '—'} µs`,
          figures.ingest_cpu_ratio_bare === null ? null : `${figures.ingest_cpu_ratio_bare}×`,
          '≤ 2× bare',
          'process CPU over the same alternating rounds as the row above',
        );
        row(
          'Webhook ingest CPU per delivery, the necessary work',
          `bare relay ${needed ?? '—'} µs`,
          `bare HMAC ${r.cpu.bare ?? '—'} µs`,
          figures.ingest_cpu_floor_ratio_bare === null ? null : `${figures.ingest_cpu_floor_ratio_bare}×`,
          null,
          `HMAC, the event stored in PGlite in group commits, its frame to the browser stream; the console spends ${ratio(r.cpu.console, needed) ?? '—'}× this; same rounds as above`,
        );
        const floorRatio = figures.ingest_cpu_floor_ratio_bare;
        if (floorRatio !== null && floorRatio > 2)
          notes.push(
            `ingest_cpu_ratio_bare: the necessary work alone (the bare relay: HMAC, the event stored in PGlite, its frame to the browser stream) costs ${floorRatio}× the bare server, above the 2× target before the console adds anything; the console spends ${ratio(r.cpu.console, needed)}× that floor`,
          );
      } catch (e) {
        fail([], 'Webhook ingest, PGlite', e);
      } finally {
        await floor.stop();
      }
    }

    // 2. Fan-out scale.
    if (want('fanout')) {
      try {
        const f: FanoutResult = await fanout(con.url, con.pid, {
          target: CFG.fanoutStreams,
          conversations: 50,
          tag,
        });
        results.fanout = f;
        figures.streams_held = f.live;
        figures.mib_per_1000_streams = f.mibPer1000;
        row(
          `Idle browser streams held (target ${f.target})`,
          `${f.live} live`,
          `RSS ${f.rssBeforeMiB} → ${f.rssAfterMiB} MiB`,
          null,
          '≥ 5,000 under 1 GiB',
          `${f.held} opened in ${f.openS}s`,
        );
        row(
          'Memory per 1,000 streams',
          `${f.mibPer1000} MiB`,
          null,
          null,
          null,
          'RSS delta of the console process tree',
        );
      } catch (e) {
        fail(['streams_held', 'mib_per_1000_streams'], 'Fan-out', e);
      }
    }

    // 5b. Browser.
    if (want('browser')) {
      let browser: Awaited<ReturnType<typeof launch>> | null = null;
      try {
        browser = await launch();
        const h: HitlFormResult = await hitlForm(browser, con.url, sim.url);
        results.hitlForm = h;
        figures.hitl_form_50_ms = h.medianMs;
        row(
          'HITL form, 50 attributes',
          `${h.medianMs} ms (median)`,
          `cold ${h.coldMs} ms`,
          null,
          null,
          `navigation to "Send answer" visible; ${h.fields} inputs rendered`,
        );
      } catch (e) {
        fail(['hitl_form_50_ms'], 'HITL form', e);
      }
      if (browser && CFG.inboxSteps > 0) {
        try {
          const ib: InboxResult = await inbox(browser, con.url, sim.url, CFG.inboxSteps);
          results.inbox = ib;
          row(
            `Inbox with ${ib.seeded} pending steps`,
            `TTI ${ib.ttiMs} ms`,
            `first row ${ib.firstRowMs} ms`,
            null,
            null,
            `longest task while loading ${ib.longestLoadTaskMs} ms`,
          );
          row(
            'Inbox scroll, longest frame',
            `${ib.longestFrameMs} ms`,
            `p95 ${ib.p95FrameMs} ms`,
            null,
            'no frame > 50 ms',
            `${ib.frames} frames, 400 px per frame`,
          );
        } catch (e) {
          fail([], 'Inbox 5,000', e);
        }
      }
      if (browser && CFG.timelineEvents > 0) {
        try {
          const tl: TimelineResult = await timeline(browser, con.url, CFG.timelineEvents);
          results.timeline = tl;
          row(
            `Timeline with ${tl.seeded} events`,
            `TTI ${tl.ttiMs} ms`,
            `first row ${tl.firstRowMs} ms`,
            null,
            null,
            `longest task while loading ${tl.longestLoadTaskMs} ms; seeded through the webhook in ${tl.seedS} s`,
          );
          row(
            'Timeline scroll, longest frame',
            `${tl.longestFrameMs} ms`,
            `p95 ${tl.p95FrameMs} ms`,
            null,
            'no frame > 50 ms',
            `${tl.frames} frames, 400 px per frame from the top`,
          );
        } catch (e) {
          fail([], 'Timeline 10,000', e);
        }
      }
      await browser?.close().catch(() => undefined);
    }
    await con.stop();
    con = null;

    // 3b. Webhook ingest on PostgreSQL.
    if (want('ingest')) {
      try {
        const port = await portFrom(54500);
        const pg = spawnSync('bash', ['scripts/pg-throwaway.sh', 'start', pgDir, String(port)], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
        });
        if (pg.status !== 0)
          throw new Error(`PostgreSQL did not start: ${(pg.stderr || pg.stdout).trim().split('\n').pop()}`);
        pgStarted = true;
        const pgUrl = pg.stdout.trim().split('\n').pop()!;
        con = await startConsole(
          {
            port: await freePort(),
            simUrl: sim.url,
            dataDir: path.join(tmp, 'data-pg'),
            distDir: dist,
            databaseUrl: pgUrl,
          },
          tmp,
        );
        const postmaster = Number(
          readFileSync(path.join(pgDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0],
        );
        const r = await ingestRow('PostgreSQL', con.url, 'pg', con.pid, postmaster || undefined);
        results.ingestPostgres = r;
        figures.ingest_per_s_pg = r.console.perS;
        figures.ingest_ratio_pg = ratio(r.console.perS, r.bare.perS, 3);
        await con.stop();
        con = null;
      } catch (e) {
        fail(['ingest_per_s_pg', 'ingest_ratio_pg'], 'Webhook ingest, PostgreSQL', e);
      }
    }
    await bare.stop();
    await sim.stop();
    sim = null;

    // 4. Simulator throughput against Prism.
    if (want('rps')) {
      try {
        const r: SimRpsResult = await simVsPrism(tmp, {
          ms: CFG.rpsMs,
          rounds: CFG.rpsRounds,
          concurrency: 16,
        });
        results.simRps = r;
        figures.sim_rps = r.simRps;
        figures.sim_ratio_prism = r.ratio;
        if (r.note) why.sim_ratio_prism = r.note;
        for (const e of r.perEndpoint)
          row(
            `Simulator ${e.name}`,
            `${e.sim} req/s`,
            `Prism ${e.prism} req/s`,
            e.ratio === null ? null : `${e.ratio}×`,
            null,
            `16 in flight${e.simErrors || e.prismErrors ? `; non-200: sim ${e.simErrors}, Prism ${e.prismErrors}` : ''}`,
          );
      } catch (e) {
        fail(['sim_rps', 'sim_ratio_prism'], 'Simulator vs Prism', e);
      }
    }
  } catch (e) {
    log(`run failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    for (const k of JSON_KEYS) if (figures[k] === null) why[k] ??= `run failed: ${String(e).slice(0, 160)}`;
  } finally {
    await con?.stop();
    await sim?.stop();
    await stopAll();
    if (pgStarted)
      spawnSync('bash', ['scripts/pg-throwaway.sh', 'stop', pgDir], { cwd: ROOT, timeout: 60_000 });
    rmSync(pgDir, { recursive: true, force: true });
    if (!process.argv.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
  }

  for (const k of JSON_KEYS) if (figures[k] === null && !why[k]) why[k] = 'not measured in this run';
  const header = ['Measurement', 'Figure', 'Reference, same run', 'Ratio', 'Target', 'Notes'];
  const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const nulls = [
    ...Object.entries(why)
      .filter(([k]) => figures[k as Key] === null)
      .map(([k, v]) => `- \`${k}\` is null: ${v}`),
    ...notes.map((n) => `- ${n}`),
  ];
  const minutes = round((Date.now() - started) / 60_000, 1);
  const outDir = path.join(ROOT, 'bench/out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    path.join(outDir, `${quick ? 'quick' : 'full'}.json`),
    JSON.stringify({ ...results, figures, why, minutes }, null, 2),
  );
  writeFileSync(path.join(outDir, `${quick ? 'quick' : 'full'}.md`), `${table}\n${nulls.join('\n')}\n`);
  console.log(
    `\nFin Console benchmarks (${quick ? 'quick' : 'full'} run, ${minutes} min, ${new Date().toISOString().slice(0, 10)}, machine load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)\n`,
  );
  console.log(table);
  if (nulls.length) console.log(`\n${nulls.join('\n')}`);
  console.log(JSON.stringify(figures));
  process.exit(0);
}

void main();
