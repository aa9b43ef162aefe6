import { connect, type Socket } from 'node:net';
import { ADMIN_TOKEN } from './lib/auth';
import { keepAlive } from './lib/http';
import { treeRss } from './lib/procs';
import { postWebhook, signedFinEvent } from './lib/webhooks';
import { log, pool, round, sleep, waitUntil } from './lib/util';

export interface FanoutResult {
  target: number;
  held: number;
  live: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  mibPer1000: number | null;
  openS: number;
}

/** Idle browser streams on one console and its RSS; a stream counts only if a later event reaches it. */
export async function fanout(
  url: string,
  consolePid: number,
  opts: { target: number; conversations: number; tag: string },
): Promise<FanoutResult> {
  const agent = keepAlive(16);
  const { hostname, port } = new URL(url);
  const ids = Array.from({ length: opts.conversations }, (_, i) => `bench-fanout-${opts.tag}-${i}`);
  await pool(ids.length, 8, async (i) => void (await postWebhook(agent, url, signedFinEvent(ids[i]!, 0))));
  await sleep(1000);
  const rssBefore = treeRss(consolePid);

  const sockets: Socket[] = [];
  const seen = new Map<Socket, number>();
  let opened = 0;
  let failed = 0;
  const t0 = Date.now();
  await pool(
    opts.target,
    200,
    (i) =>
      new Promise<void>((resolve) => {
        const id = ids[i % ids.length]!;
        const s = connect({ host: hostname, port: Number(port) });
        let head = '';
        let established = false;
        const timer = setTimeout(() => {
          if (!established) {
            failed++;
            s.destroy();
            resolve();
          }
        }, 60_000);
        s.setNoDelay(true);
        s.on('connect', () =>
          s.write(
            `GET /api/conversations/${id}/stream?after=1 HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`,
          ),
        );
        s.on('data', (chunk: Buffer) => {
          if (!established) {
            head += chunk.toString('latin1');
            if (head.includes('event: conversation')) {
              established = head.startsWith('HTTP/1.1 200');
              if (established) {
                opened++;
                sockets.push(s);
                seen.set(s, 0);
              } else failed++;
              clearTimeout(timer);
              resolve();
            }
            return;
          }
          if (chunk.includes('event: fin')) seen.set(s, (seen.get(s) ?? 0) + 1);
        });
        s.on('error', () => {
          if (!established) {
            failed++;
            clearTimeout(timer);
            resolve();
          }
        });
      }),
  );
  const openS = (Date.now() - t0) / 1000;
  if (failed) log(`fanout: ${failed} streams failed to open`);
  await sleep(3000);
  const rssAfter = treeRss(consolePid);
  // Liveness: one event per conversation must reach every stream.
  await pool(ids.length, 8, async (i) => void (await postWebhook(agent, url, signedFinEvent(ids[i]!, 1))));
  await waitUntil(() => [...seen.values()].every((v) => v > 0), 30_000, 200);
  const live = [...seen.values()].filter((v) => v > 0).length;
  for (const s of sockets) s.destroy();
  agent.destroy();
  await sleep(2000);
  const mib = (b: number) => b / 1024 / 1024;
  return {
    target: opts.target,
    held: opened,
    live,
    rssBeforeMiB: round(mib(rssBefore), 0) ?? 0,
    rssAfterMiB: round(mib(rssAfter), 0) ?? 0,
    mibPer1000: live > 0 ? round(mib(rssAfter - rssBefore) / (live / 1000), 1) : null,
    openS: round(openS, 1) ?? 0,
  };
}
