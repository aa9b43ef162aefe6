import { createHmac } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as askRoute from '@/app/api/fin/ask/route';
import { JSON_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from './body';
import {
  ADMIN_TOKEN,
  EVENTS_SECRET,
  finRepliedEvent,
  params,
  startHarness,
  uid,
  type Harness,
} from '@/testing/server/harness';
import { listenLocal, sleep } from '@/testing/util';

const MiB = 1024 * 1024;
/** What a server may take in past the limit: the chunk that crossed it and socket buffers. */
const SLACK = 256 * 1024;

interface Sent {
  status: number;
  body: { type?: string; errors?: { code: string; message: string }[] } | null;
}

/** POSTs `size` bytes in 64 KiB chunks as fast as the server reads; stops once an answer arrives. */
function post(
  url: string,
  opts: { size: number; headers?: Record<string, string>; contentLength?: number },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
    if (opts.contentLength !== undefined) headers['content-length'] = String(opts.contentLength);
    const req = request(url, { method: 'POST', headers });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('error', () => undefined);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let body: Sent['body'] = null;
        try {
          body = JSON.parse(text) as Sent['body'];
        } catch {
          body = null;
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    // A server that answers early and closes may reset the connection under the rest of the body.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (!answered && sent < opts.size) {
        const n = Math.min(chunk.length, opts.size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
          return void req.once('drain', pump);
      }
      if (!answered && opts.contentLength === undefined) req.end();
    };
    pump();
  });
}

const tooLarge = (limit: number) => ({
  type: 'error.list',
  errors: [{ code: 'payload_too_large', message: `Request body is larger than ${limit / 1024} KiB` }],
});

const finSig = (raw: string) => `sha256=${createHmac('sha256', EVENTS_SECRET).update(raw).digest('hex')}`;

describe('request bodies over the limit', () => {
  let h: Harness;
  let nextLike: Server;
  let nextUrl: string;
  let read = 0;
  let directRead: number | null = null;

  beforeAll(async () => {
    h = await startHarness({ webhooks: false });
    h.bridge.server.on('request', (req: IncomingMessage) => {
      directRead = null;
      req.socket.once('close', () => (directRead = req.socket.bytesRead));
    });
    nextLike = createServer((req, res) => {
      read = 0;
      async function* counted() {
        for await (const chunk of req) {
          read += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      }
      const headers = new Headers();
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
        headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
      void askRoute
        .POST(
          new Request(`http://console.test${req.url}`, {
            method: 'POST',
            headers,
            body: counted() as unknown as BodyInit,
            duplex: 'half',
          } as RequestInit),
          params({}),
        )
        .then(async (answer) => {
          res.statusCode = answer.status;
          answer.headers.forEach((value, name) => res.setHeader(name, value));
          res.end(Buffer.from(await answer.arrayBuffer()));
        });
    });
    nextUrl = await listenLocal(nextLike);
  });
  afterAll(async () => {
    nextLike?.closeAllConnections();
    await new Promise((r) => nextLike?.close(r));
    await h?.close();
  });

  const closed = async () => {
    for (let i = 0; i < 150 && directRead === null; i++) await sleep(20);
    if (directRead === null) throw new Error('the connection was not closed after the answer');
    return directRead;
  };

  it('direct webhook path: a chunked body past 1 MiB is a 413, read no further', async () => {
    const res = await post(h.bridge.url, { size: 16 * MiB });
    expect(res).toMatchObject({ status: 413, body: tooLarge(WEBHOOK_BODY_LIMIT) });
    expect(await closed()).toBeLessThan(WEBHOOK_BODY_LIMIT + SLACK);
  });

  it('direct webhook path: a declared Content-Length past 1 MiB is a 413 before any byte is read', async () => {
    const res = await post(h.bridge.url, { size: 2 * MiB, contentLength: 300 * MiB });
    expect(res).toMatchObject({ status: 413, body: tooLarge(WEBHOOK_BODY_LIMIT) });
    // Cut a moment after the 413 (closed() throws if not); what arrives meanwhile is dropped.
    await closed();
  });

  it('JSON route: a chunked body past 256 KiB is a 413 and the handler reads about the limit', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const res = await post(`${nextUrl}/api/fin/ask`, { size: 8 * MiB, headers: auth });
    expect(res).toMatchObject({ status: 413, body: tooLarge(JSON_BODY_LIMIT) });
    expect(read).toBeLessThan(JSON_BODY_LIMIT + SLACK);
  });

  it('JSON route: a declared Content-Length past 256 KiB is a 413 before the body is read', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const res = await post(`${nextUrl}/api/fin/ask`, { size: MiB, headers: auth, contentLength: 300 * MiB });
    expect(res).toMatchObject({ status: 413, body: tooLarge(JSON_BODY_LIMIT) });
    expect(read).toBeLessThan(SLACK);
  });

  it('direct start path: a chunked body past 256 KiB is a 413, read no further', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const res = await post(`${h.bridge.base}/api/fin/start`, { size: 8 * MiB, headers: auth });
    expect(res).toMatchObject({ status: 413, body: tooLarge(JSON_BODY_LIMIT) });
    expect(await closed()).toBeLessThan(JSON_BODY_LIMIT + SLACK);
  });

  it('direct reply path: a declared Content-Length past 256 KiB is a 413 before the body is read', async () => {
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const res = await post(`${h.bridge.base}/api/fin/reply`, {
      size: MiB,
      headers: auth,
      contentLength: 300 * MiB,
    });
    expect(res).toMatchObject({ status: 413, body: tooLarge(JSON_BODY_LIMIT) });
    expect(await closed()).toBeLessThan(SLACK * 2);
  });

  it('direct start path: a refusal before the body is read closes the connection, read no further', async () => {
    const res = await post(`${h.bridge.base}/api/fin/start`, { size: 8 * MiB });
    expect(res).toMatchObject({ status: 401, body: { type: 'error.list' } });
    expect(await closed()).toBeLessThan(JSON_BODY_LIMIT + SLACK);
  });

  it('direct webhook path: a body refused for its type closes the connection after the answer', async () => {
    const res = await post(h.bridge.url, { size: 8 * MiB, headers: { 'content-type': 'text/plain' } });
    expect(res).toMatchObject({ status: 415, body: { type: 'error.list' } });
    // Cut a moment after the answer (closed() throws if not), as after a 413.
    await closed();
  });

  it('a signed delivery within the limit is still taken', async () => {
    const raw = finRepliedEvent(uid('limits'));
    const res = await fetch(h.bridge.url, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'x-fin-agent-api-webhook-signature': finSig(raw) },
    });
    expect([res.status, await res.json()]).toEqual([200, { ok: true, duplicate: false }]);
  });
});

describe('JSON bodies need Content-Type: application/json', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ webhooks: false });
  });
  afterAll(() => h?.close());

  const unsupported = {
    type: 'error.list',
    errors: [
      {
        code: 'unsupported_media_type',
        message: 'Request body must be sent with Content-Type: application/json',
      },
    ],
  };
  const ask = (contentType: string | null) =>
    askRoute.POST(
      new Request('http://console.test/api/fin/ask', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body: JSON.stringify({
          conversation_id: uid('ct'),
          message: { author: 'user', body: 'hi' },
          user: { id: 'u' },
        }),
      }),
      params({}),
    );

  it('a JSON route refuses text/plain, form and missing types with a 415', async () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', null]) {
      const res = await ask(type);
      expect([type, res.status, await res.json()]).toMatchObject([type, 415, unsupported]);
    }
    const calls = await (await h.ctx()).db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_calls');
    expect(calls[0]!.n).toBe(0);
  });

  it('a JSON route takes application/json with parameters, in any case', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=utf-8']) {
      expect((await ask(type)).status).toBe(200);
    }
  });

  it('the webhook path refuses text/plain, and takes any charset', async () => {
    const raw = finRepliedEvent(uid('ct'));
    const send = (type: string) =>
      fetch(h.bridge.url, {
        method: 'POST',
        body: raw,
        headers: { 'content-type': type, 'x-fin-agent-api-webhook-signature': finSig(raw) },
      });
    const res = await send('text/plain');
    expect([res.status, await res.json()]).toMatchObject([415, unsupported]);
    expect((await send('application/json; charset=UTF-8')).status).toBe(200);
    expect((await send('APPLICATION/JSON;charset=iso-8859-1')).status).toBe(200);
  });
});
