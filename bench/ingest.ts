import { consoleAuth } from './lib/auth';
import { keepAlive, readSse, type SseReader } from './lib/http';
import { postWebhook, signedFinEvent } from './lib/webhooks';
import { log, nowMs, pool, round, sleep, waitUntil } from './lib/util';

export interface IngestResult {
  perS: number | null;
  ok: number;
  failed: number;
  fannedOut: number;
  p50Ms: number | null;
}

/** Signed Fin event webhooks per second, optionally each fanned out to a browser stream that must get it. */
export async function ingest(
  url: string,
  opts: { count: number; concurrency: number; conversations: number; consoleStreams: boolean; tag: string },
): Promise<IngestResult> {
  const agent = keepAlive(opts.concurrency);
  const ids = Array.from({ length: opts.conversations }, (_, i) => `bench-ingest-${opts.tag}-${i}`);
  const readers: SseReader[] = [];
  let fannedOut = 0;
  if (opts.consoleStreams) {
    await pool(ids.length, 8, async (i) => void (await postWebhook(agent, url, signedFinEvent(ids[i]!, -1))));
    for (const id of ids) {
      readers.push(
        readSse(
          `${url}/api/conversations/${encodeURIComponent(id)}/stream?after=1`,
          (f) => {
            if (f.event === 'fin') fannedOut++;
          },
          { headers: consoleAuth },
        ),
      );
    }
    await waitUntil(() => readers.every((r) => r.status === 200), 20_000);
  }
  // Bodies are signed up front so the loop measures the server, not the client's HMAC.
  const bodies = Array.from({ length: opts.count }, (_, i) => signedFinEvent(ids[i % ids.length]!, i));
  const warmCount = Math.min(50, opts.count);
  await pool(
    warmCount,
    opts.concurrency,
    async (i) => void (await postWebhook(agent, url, signedFinEvent(ids[i % ids.length]!, 1e6 + i))),
  );
  // Counted from here: the warm-up's own frames must have arrived first, or they count twice.
  if (opts.consoleStreams) await waitUntil(() => fannedOut >= warmCount, 10_000, 20);
  const warmFanout = fannedOut;
  let ok = 0;
  let failed = 0;
  const lat: number[] = [];
  const t0 = nowMs();
  await pool(opts.count, opts.concurrency, async (i) => {
    const s = nowMs();
    try {
      const res = await postWebhook(agent, url, bodies[i]!);
      if (res.status === 200) ok++;
      else {
        failed++;
        if (failed <= 3) log(`ingest: ${res.status} ${res.body.slice(0, 200)}`);
      }
    } catch (error) {
      failed++;
      if (failed <= 3) log(`ingest: ${String(error)}`);
    }
    lat.push(nowMs() - s);
  });
  const elapsed = (nowMs() - t0) / 1000;
  if (opts.consoleStreams) {
    await waitUntil(() => fannedOut - warmFanout >= ok, 30_000, 100);
    await sleep(200);
    for (const r of readers) r.close();
  }
  agent.destroy();
  lat.sort((a, b) => a - b);
  return {
    perS: ok > 0 ? round(ok / elapsed, 0) : null,
    ok,
    failed,
    fannedOut: fannedOut - warmFanout,
    p50Ms: round(lat[Math.floor(lat.length / 2)] ?? null, 1),
  };
}

export async function alternateRounds(
  rounds: number,
  reference: () => Promise<IngestResult>,
  subject: (round: number) => Promise<IngestResult>,
): Promise<{
  bare: IngestResult;
  console: IngestResult;
  rounds: { bare: number | null; console: number | null }[];
}> {
  const bare: IngestResult[] = [];
  const mine: IngestResult[] = [];
  for (let i = 0; i < rounds; i++) {
    bare.push(await reference());
    mine.push(await subject(i));
  }
  const median = (runs: IngestResult[]) =>
    [...runs].sort((a, b) => (a.perS ?? -1) - (b.perS ?? -1))[Math.floor(runs.length / 2)]!;
  return {
    bare: median(bare),
    console: median(mine),
    rounds: bare.map((b, i) => ({ bare: b.perS, console: mine[i]!.perS })),
  };
}
