/** A pass-through in front of the simulator that can rewrite or answer a path, keeping each body sent. */
import { createServer, type Server } from 'node:http';
import { listenLocal } from '@/testing/util';

export interface StubAnswer {
  status: number;
  /** Sent as is; an empty string sends no body at all. */
  text: string;
}

export interface FinStub {
  url: string;
  /** Where requests are forwarded (set once the simulator runs). */
  target: string;
  /** Rewrites the forwarded JSON answer of the first matching path prefix. */
  rewrite: Map<string, (answer: unknown) => unknown>;
  /** Answers the first matching path prefix without forwarding. */
  answer: Map<string, () => StubAnswer>;
  received: { path: string; body: unknown }[];
  close(): Promise<void>;
}

const match = <T>(map: Map<string, T>, path: string): T | undefined =>
  [...map.entries()].find(([prefix]) => path.startsWith(prefix))?.[1];

export async function startFinStub(): Promise<FinStub> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        let body: unknown = null;
        try {
          body = raw ? JSON.parse(raw) : null;
        } catch {
          body = raw;
        }
        stub.received.push({ path, body });
        const own = match(stub.answer, path);
        if (own) {
          const { status, text } = own();
          res.writeHead(status, text ? { 'content-type': 'application/json' } : {}).end(text);
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const upstream = await fetch(`${stub.target}${path}`, {
          method: req.method,
          headers,
          ...(raw ? { body: raw } : {}),
        });
        let text = await upstream.text();
        const rewrite = match(stub.rewrite, path);
        if (rewrite && upstream.ok) text = JSON.stringify(rewrite(JSON.parse(text)));
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
      })().catch(() => res.writeHead(502).end());
    });
  });
  const base = await listenLocal(server);
  const stub: FinStub = {
    url: base,
    target: '',
    rewrite: new Map(),
    answer: new Map(),
    received: [],
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  return stub;
}
