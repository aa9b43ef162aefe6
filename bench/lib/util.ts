import { performance } from 'node:perf_hooks';
import { sleep } from '../../testing/util';

export { freePort, sleep } from '../../testing/util';

export const nowMs = () => performance.timeOrigin + performance.now();

export function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (v: number | null | undefined, digits = 1): number | null =>
  v == null || !Number.isFinite(v) ? null : Math.round(v * 10 ** digits) / 10 ** digits;

export const ratio = (
  a: number | null | undefined,
  b: number | null | undefined,
  digits = 2,
): number | null => (a == null || b == null || b === 0 ? null : round(a / b, digits));

export async function pool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

export async function waitUntil<T>(
  fn: () => T | Promise<T>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) return null;
    await sleep(everyMs);
  }
}

export function log(line: string) {
  process.stderr.write(`[bench] ${line}\n`);
}

/** What CPU per delivery predicts for an ingest ratio (docs/decisions/benchmarks.md); µs per delivery. */
export function cpuBound(
  subject: { server: number | null; db: number | null; generator: number | null },
  reference: { server: number | null; generator: number | null },
): { predicted: number; atBareCost: number; ceiling: number } | null {
  const { server, db, generator } = subject;
  if (server === null || db === null || generator === null) return null;
  if (reference.server === null || reference.generator === null) return null;
  const limit = reference.server + reference.generator;
  return {
    predicted: round(limit / (server + db + generator), 3)!,
    atBareCost: round(limit / (reference.server + db + generator), 3)!,
    ceiling: round(limit / (db + generator), 3)!,
  };
}
