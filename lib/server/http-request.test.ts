import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpRequestError, httpRequestText, MAX_ANSWER_BYTES } from './http-request';

let server: Server | null = null;
const sockets = new Set<Socket>();

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (t: string) => (body += t));
    req.on('end', () => handler(req, res, body));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

describe('httpRequestText', () => {
  it('sends method, headers and body, and returns status, headers and the whole text', async () => {
    const url = await serve((req, res, body) => {
      res.setHeader('Retry-After', '3');
      res.writeHead(201, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          method: req.method,
          auth: req.headers.authorization,
          len: req.headers['content-length'],
          body,
        }),
      );
    });
    const answer = await httpRequestText(`${url}/x`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json' },
      body: '{"é":1}',
      timeoutMs: 2000,
    });
    expect(answer.status).toBe(201);
    expect(answer.headers['retry-after']).toBe('3');
    expect(JSON.parse(answer.text)).toEqual({ method: 'POST', auth: 'Bearer t', len: '8', body: '{"é":1}' });
  });

  it('reuses one connection for calls in a row', async () => {
    const url = await serve((_req, res) => res.end('ok'));
    const ports = new Set<number>();
    server!.on('request', (req: IncomingMessage) => ports.add(req.socket.remotePort!));
    for (let i = 0; i < 5; i++)
      expect((await httpRequestText(url, { method: 'GET', headers: {}, timeoutMs: 2000 })).text).toBe('ok');
    expect(ports.size).toBe(1);
  });

  it('sends again on a new connection when the pooled one is closed under the request', async () => {
    const served = new WeakSet<Socket>();
    let answered = 0;
    const url = await serve((req, res) => {
      // A connection the server is done with: it closes it on the next request, reading none of it.
      if (served.has(req.socket)) return void req.socket.destroy();
      served.add(req.socket);
      res.end(`answer ${++answered}`);
    });
    await httpRequestText(url, { method: 'POST', headers: {}, body: 'a', timeoutMs: 2000 });
    const answer = await httpRequestText(url, { method: 'POST', headers: {}, body: 'b', timeoutMs: 2000 });
    expect(answer.text).toBe('answer 2');
  });

  it('times out a body that never ends, and reports a cut answer as a network failure', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('partial');
      if (req.url === '/cut') setTimeout(() => res.destroy(), 20);
    });
    const slow = httpRequestText(`${url}/slow`, { method: 'GET', headers: {}, timeoutMs: 150 });
    await expect(slow).rejects.toMatchObject({ name: 'HttpRequestError', reason: 'timeout' });
    const cut = httpRequestText(`${url}/cut`, { method: 'GET', headers: {}, timeoutMs: 2000 });
    await expect(cut).rejects.toMatchObject({ reason: 'network' });
  });

  it('reports a refused connection and a scheme it cannot speak as network failures', async () => {
    const url = await serve((_req, res) => res.end());
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    await expect(
      httpRequestText(url, { method: 'GET', headers: {}, timeoutMs: 2000 }),
    ).rejects.toBeInstanceOf(HttpRequestError);
    await expect(
      httpRequestText('ftp://127.0.0.1/x', { method: 'GET', headers: {}, timeoutMs: 2000 }),
    ).rejects.toMatchObject({ reason: 'network' });
  });

  it('refuses an answer over its size limit without reading the rest', async () => {
    let written = 0;
    let closed = false;
    const url = await serve((req, res) => {
      if (req.url === '/announced') {
        res.writeHead(200, { 'Content-Length': String(2 * 1024 * 1024) });
        return void res.write('x');
      }
      // An endless chunked answer: only a dropped connection stops it.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!closed && res.write(chunk)) written += chunk.length;
        if (!closed) res.once('drain', pump);
      };
      res.once('close', () => (closed = true));
      pump();
    });
    const endless = httpRequestText(`${url}/endless`, { method: 'GET', headers: {}, timeoutMs: 5000 });
    await expect(endless).rejects.toMatchObject({ name: 'HttpRequestError', reason: 'too_large' });
    const announced = httpRequestText(`${url}/announced`, {
      method: 'GET',
      headers: {},
      timeoutMs: 5000,
      maxBytes: 1024,
    });
    await expect(announced).rejects.toMatchObject({ reason: 'too_large' });
    await vi.waitFor(() => expect(closed).toBe(true));
    // What the server got out before the drop is bounded by socket buffers, not the answer.
    expect(written).toBeLessThan(MAX_ANSWER_BYTES * 8);
    const small = await httpRequestText(`${url}/more`, {
      method: 'GET',
      headers: {},
      timeoutMs: 200,
      maxBytes: 10 * 1024 * 1024,
    }).catch((e: HttpRequestError) => e.reason);
    // Within a larger limit the endless answer reads on until the deadline.
    expect(small).toBe('timeout');
  });
});
