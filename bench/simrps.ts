import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { PROCEDURE_IDS } from '../lib/sim/procedures';
import { http, keepAlive } from './lib/http';
import { ROOT, spawnProc, startSim, TOKEN, type Proc } from './lib/procs';
import { freePort, log, nowMs, round, sleep } from './lib/util';

export const SPEC = path.resolve(ROOT, '../shared/fin-api/fin-agent-api.openapi.yaml');

type Endpoint = { name: string; path: string; body: (i: number) => unknown };

const user = { id: 'bench-rps-user', attributes: { plan_type: 'Pro' } };
export const ENDPOINTS: Endpoint[] = [
  { name: 'capabilities', path: '/fin/capabilities', body: () => ({ user }) },
  {
    name: 'ask',
    path: '/fin/ask',
    body: (i) => ({
      conversation_id: `rps-ask-${i}`,
      user,
      message: { author: 'user', body: 'How do I reset my password?' },
    }),
  },
  {
    name: 'run',
    path: `/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`,
    body: (i) => ({ conversation_id: `rps-run-${i}`, user }),
  },
];

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** A closed loop: `concurrency` clients, each sending the next request once the last is answered, for `ms`. */
async function loop(base: string, ep: Endpoint, ms: number, concurrency: number, seq: { n: number }) {
  const agent = keepAlive(concurrency);
  let ok = 0;
  let bad = 0;
  const headers = {
    authorization: `Bearer ${TOKEN}`,
    'intercom-version': 'Preview',
    accept: 'application/json',
  };
  const t0 = nowMs();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (nowMs() < end) {
        try {
          const res = await http(
            agent,
            'POST',
            base + ep.path,
            JSON.stringify(ep.body(seq.n++)),
            headers,
            10_000,
          );
          if (res.status === 200) ok++;
          else bad++;
        } catch {
          bad++;
        }
      }
    }),
  );
  const s = (nowMs() - t0) / 1000;
  agent.destroy();
  return { ok, bad, s };
}

export interface SimRpsResult {
  perEndpoint: {
    name: string;
    sim: number | null;
    prism: number | null;
    ratio: number | null;
    simErrors: number;
    prismErrors: number;
  }[];
  simRps: number | null;
  prismRps: number | null;
  ratio: number | null;
  note?: string;
}

/** Requests/s of the simulator against Prism on the same operations, in alternating rounds. */
export async function simVsPrism(
  tmp: string,
  opts: { ms: number; rounds: number; concurrency: number },
): Promise<SimRpsResult> {
  const prismBin = path.join(ROOT, 'node_modules/.bin/prism');
  const sim = await startSim({ port: await freePort(), pace: 'instant' }, tmp);
  let prism: Proc | null = null;
  let note: string | undefined;
  let prismUrl: string | undefined;
  try {
    if (!existsSync(SPEC) || !existsSync(prismBin)) note = 'Prism or the shared OpenAPI file is missing';
    else {
      const port = await freePort();
      prism = spawnProc('prism', [prismBin, 'mock', SPEC, '-h', '127.0.0.1', '-p', String(port)], {}, tmp);
      const deadline = Date.now() + 90_000;
      while (!(await portOpen(port)) && Date.now() < deadline) await sleep(300);
      if (!(await portOpen(port))) note = 'Prism did not start';
      else prismUrl = `http://127.0.0.1:${port}`;
    }
    const seq = { n: 0 };
    const perEndpoint: SimRpsResult['perEndpoint'] = [];
    for (const ep of ENDPOINTS) {
      // Warm both (JIT, first validation of a schema) outside the timing.
      await loop(sim.url, ep, 500, 4, seq);
      if (prismUrl) await loop(prismUrl, ep, 500, 4, seq);
      const tot = { sim: { ok: 0, bad: 0, s: 0 }, prism: { ok: 0, bad: 0, s: 0 } };
      for (let r = 0; r < opts.rounds; r++) {
        for (const [which, base] of [
          ['sim', sim.url],
          ['prism', prismUrl],
        ] as const) {
          if (!base) continue;
          const x = await loop(base, ep, opts.ms, opts.concurrency, seq);
          tot[which].ok += x.ok;
          tot[which].bad += x.bad;
          tot[which].s += x.s;
        }
      }
      const simR = tot.sim.s ? round(tot.sim.ok / tot.sim.s, 0) : null;
      const prismR = tot.prism.s ? round(tot.prism.ok / tot.prism.s, 0) : null;
      if (tot.prism.bad || tot.sim.bad)
        log(`rps ${ep.name}: non-200 answers sim ${tot.sim.bad}, prism ${tot.prism.bad}`);
      perEndpoint.push({
        name: ep.name,
        sim: simR,
        prism: prismR,
        ratio: simR && prismR ? round(simR / prismR, 2) : null,
        simErrors: tot.sim.bad,
        prismErrors: tot.prism.bad,
      });
    }
    const mean = (xs: (number | null)[]) =>
      xs.every((x) => x != null) ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    const simRps = round(mean(perEndpoint.map((p) => p.sim)), 0);
    const prismRps = round(mean(perEndpoint.map((p) => p.prism)), 0);
    return {
      perEndpoint,
      simRps,
      prismRps,
      ratio: simRps && prismRps ? round(simRps / prismRps, 2) : null,
      ...(note ? { note } : {}),
    };
  } finally {
    await prism?.stop();
    await sim.stop();
  }
}
