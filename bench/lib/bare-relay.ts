// The relay's limit: the work the console must do per event and nothing else. It follows the
// same upstream streams with eventsource-parser, appends each event to the console's embedded
// store (PGlite on its own thread) in batches, and writes it to browser sockets in the console's
// own frames. Signed Fin event webhooks take the same path: HMAC checked, stored, then written
// to the conversation's sockets (docs/decisions/benchmarks.md).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';
import { openPglite } from '../../lib/server/db/pglite';
import { GroupCommit } from '../../lib/server/group-commit';
import { eventKey, type ReceivedFinEvent } from '../../lib/fin/events';
import { signedBy } from './signature';

const [port, simUrl, token, dataDir, eventsSecret] = [
  Number(process.argv[2]),
  process.argv[3]!,
  process.argv[4]!,
  process.argv[5]!,
  process.argv[6] ?? '',
];
const store = openPglite(dataDir);
const api = new Agent({ connections: 64 });
const streams = new Agent({ bodyTimeout: 0 });

interface Pending {
  c: string;
  k: string;
  s: number;
  p: ReceivedFinEvent;
  /** Came by webhook: no live copy went out, so the stored frame carries the event. */
  w?: true;
}

const sockets = new Map<string, Set<ServerResponse>>();
const seqs = new Map<string, number>();

const send = (conversationId: string, text: string) => {
  for (const res of sockets.get(conversationId) ?? []) res.write(text);
};

// The console's own group commit: what arrives while a batch is written goes in the next one.
const appends = new GroupCommit<Pending, void>(async (batch) => {
  const rows = await (
    await store
  ).query<{ c: string; k: string; s: number; received_at: Date }>(
    `INSERT INTO events (conversation_id, seq, key, payload)
     SELECT c, s, k, p FROM jsonb_to_recordset($1::jsonb) AS x(c text, s int, k text, p jsonb)
     ON CONFLICT DO NOTHING RETURNING conversation_id AS c, key AS k, seq AS s, received_at`,
    [JSON.stringify(batch)],
  );
  const webhook = new Map(batch.filter((b) => b.w).map((b) => [`${b.c}|${b.k}`, b.p]));
  const acks = new Map<string, string>();
  for (const r of rows) {
    const event = webhook.get(`${r.c}|${r.k}`);
    const frame = event
      ? `event: fin\ndata: ${JSON.stringify({ conversation_id: r.c, key: r.k, seq: r.s, source: 'webhook', event, received_at: r.received_at })}`
      : `event: fin_stored\ndata: ${JSON.stringify({ key: r.k, seq: r.s, received_at: r.received_at })}`;
    acks.set(r.c, `${acks.get(r.c) ?? ''}id: ${r.s}\n${frame}\n\n`);
  }
  for (const [c, text] of acks) send(c, text);
  return batch.map(() => undefined);
});

const nextSeq = (conversationId: string) => {
  const seq = (seqs.get(conversationId) ?? 0) + 1;
  seqs.set(conversationId, seq);
  return seq;
};

function onEvent(conversationId: string, data: string): void {
  let event: ReceivedFinEvent;
  try {
    event = JSON.parse(data) as ReceivedFinEvent;
  } catch {
    return;
  }
  const key = eventKey(event);
  const live = {
    conversation_id: conversationId,
    key,
    source: 'sse',
    event,
    received_at: new Date().toISOString(),
  };
  send(conversationId, `event: fin_live\ndata: ${JSON.stringify(live)}\n\n`);
  appends
    .add({ c: conversationId, k: key, s: nextSeq(conversationId), p: event })
    .catch((error: unknown) => console.error('bare relay: an append failed', error));
}

async function follow(conversationId: string, url: string): Promise<void> {
  try {
    const res = await request(url, { dispatcher: streams, headers: { accept: 'text/event-stream' } });
    if (res.statusCode !== 200) {
      console.error(`bare relay: ${conversationId}: the stream answered ${res.statusCode}`);
      return void res.body.destroy();
    }
    send(
      conversationId,
      `event: conversation\ndata: {"id":${JSON.stringify(conversationId)},"stream_state":"live"}\n\n`,
    );
    const parser = createParser({ onEvent: (m) => onEvent(conversationId, m.data) });
    const decoder = new StringDecoder('utf8');
    for await (const chunk of res.body) parser.feed(decoder.write(chunk as Buffer));
  } catch (error) {
    // The bench counts what never arrived; the log says why.
    console.error(`bare relay: ${conversationId}: the stream broke: ${String(error)}`);
  }
}

async function forward(path: string, body: string, res: ServerResponse): Promise<void> {
  const answer = await request(`${simUrl}${path}`, {
    dispatcher: api,
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  const text = await answer.body.text();
  // Follow before answering, as the console does: the caller may read the same stream at once.
  if (answer.statusCode === 200) {
    const { conversation_id, sse_subscription_url } = JSON.parse(text) as {
      conversation_id: string;
      sse_subscription_url: string | null;
    };
    if (sse_subscription_url) void follow(conversation_id, sse_subscription_url);
  }
  res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(text);
}

/** A signed Fin event: answered once it is stored, as the console does. */
function webhook(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    if (!signedBy(eventsSecret, req.headers, raw)) return void res.writeHead(401).end();
    let event: ReceivedFinEvent;
    try {
      event = JSON.parse(raw.toString()) as ReceivedFinEvent;
    } catch {
      return void res.writeHead(400).end();
    }
    const c = event.conversation_id;
    appends.add({ c, k: eventKey(event), s: nextSeq(c), p: event, w: true }).then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      () => res.writeHead(500).end(),
    );
  });
}

const STREAM = /^\/api\/conversations\/([^/]+)\/stream$/;

async function main(): Promise<void> {
  await (
    await store
  ).query(`CREATE TABLE IF NOT EXISTS events (
    conversation_id text NOT NULL, seq int NOT NULL, key text NOT NULL, payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (conversation_id, seq),
    UNIQUE (conversation_id, key))`);
  createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const stream = STREAM.exec(path);
    if (req.method === 'GET' && stream) {
      const id = decodeURIComponent(stream[1]!);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('retry: 2000\n\n');
      const set = sockets.get(id) ?? new Set();
      sockets.set(id, set.add(res));
      res.once('close', () => {
        set.delete(res);
        if (set.size === 0) sockets.delete(id);
      });
      return;
    }
    if (req.method === 'POST' && (path === '/api/fin/start' || path === '/api/fin/reply')) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on(
        'end',
        () =>
          void forward(path.slice(4), Buffer.concat(chunks).toString(), res).catch(() => {
            if (!res.headersSent) res.writeHead(502).end();
          }),
      );
      return;
    }
    if (req.method === 'POST' && path === '/api/webhooks/intercom') return webhook(req, res);
    res.writeHead(req.method === 'GET' && path === '/health' ? 200 : 404).end();
  }).listen(port, '127.0.0.1', () => console.log(`bare relay on ${port}`));
}

process.on('SIGTERM', () => process.exit(0));
void main();
