import type { EventSourceParser } from 'eventsource-parser';
import { createServer, type Server } from 'node:net';

export { setTimeout as sleep } from 'node:timers/promises';

/** Starts `server` on a free loopback port and returns its `http://127.0.0.1:PORT` base. */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
}

/** A loopback port free at the time of asking, for a child process to bind. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.unref();
  const url = await listenLocal(probe);
  await new Promise((resolve) => probe.close(resolve));
  return Number(new URL(url).port);
}

/** Feeds `reader` to `parser` until the stream ends, drops or is cancelled: all the same to callers. */
export async function feedUntilEnd(reader: ReadableStreamDefaultReader<string>, parser: EventSourceParser) {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  } catch {
    return;
  }
}
