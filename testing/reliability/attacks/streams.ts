/** Streams attacks over HTTP: credential end, per-principal cap, slow readers, Fin's stream URL. */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { createParser } from 'eventsource-parser';
import { envelope, finEvent, hmac } from '../access';
import type { Rig } from '../rig';
import type { Attack, AttackOutcome } from './types';
import { feedUntilEnd, sleep } from '@/testing/util';

export const CLOSE_WITHIN_S = 5;
export const STREAM_CAP = 20;

export interface WatchedStream {
  status: number;
  events: { name: string; at: number }[];
  comments: string[];
  ended: Promise<number>;
  close(): void;
}

export async function watchStream(url: string, headers: Record<string, string>): Promise<WatchedStream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const events: WatchedStream['events'] = [];
  const comments: string[] = [];
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status, events, comments, ended: Promise.resolve(Date.now()), close: () => {} };
  }
  const parser = createParser({
    onEvent: (m) => events.push({ name: m.event ?? 'message', at: Date.now() }),
    onComment: (c) => comments.push(c.trim()),
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = feedUntilEnd(reader, parser).then(() => Date.now());
  return { status: res.status, events, comments, ended, close: () => abort.abort() };
}

export async function secondsUntilEnded(
  streams: WatchedStream[],
  since: number,
  waitS: number,
): Promise<number | null> {
  const all = Promise.all(streams.map((s) => s.ended)).then((ends) => (Math.max(...ends) - since) / 1000);
  return Promise.race([all, sleep(waitS * 1000, null)]);
}

interface Account {
  id: string;
  cookie: string;
  token: { id: string; secret: string } | null;
}

async function account(url: string, rig: Rig, { token: withToken = false } = {}): Promise<Account> {
  const email = `streams-${randomUUID().slice(0, 8)}@attack.test`;
  const password = `attack-${randomUUID()}`;
  const origin = new URL(url).origin;
  const made = await fetch(`${url}/api/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${rig.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Streams attack', email, role: withToken ? 'lead' : 'viewer', password }),
  });
  if (made.status !== 201) throw new Error(`creating an account answered ${made.status}`);
  const { user } = (await made.json()) as { user: { id: string } };
  const signedIn = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => /^(__Host-)?fin_console_session=./.test(c));
  if (!cookie) throw new Error(`signing in answered ${signedIn.status} without a session cookie`);
  if (!withToken) return { id: user.id, cookie, token: null };
  const minted = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { cookie, origin, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'streams attack' }),
  });
  if (minted.status !== 201) throw new Error(`creating an API token answered ${minted.status}`);
  const { secret, token } = (await minted.json()) as { secret: string; token: { id: string } };
  return { id: user.id, cookie, token: { id: token.id, secret } };
}

async function deliverFinEvent(url: string, rig: Rig, body: string): Promise<void> {
  const res = await fetch(`${url}/api/webhooks/intercom`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-fin-agent-api-webhook-signature': hmac('sha256', rig.eventsSecret, body),
    },
    body,
  });
  await res.body?.cancel();
  if (res.status >= 300) throw new Error(`a signed Fin event answered ${res.status}`);
}

async function deliverHitlQuestion(url: string, rig: Rig): Promise<void> {
  const raw = envelope(rig, `notif_${randomUUID()}`, `streams-step-${randomUUID().slice(0, 8)}`);
  const res = await fetch(`${url}/api/webhooks/intercom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature': hmac('sha1', rig.clientSecret, raw) },
    body: raw,
  });
  await res.body?.cancel();
}

async function openBoth(url: string, rig: Rig, auth: Record<string, string>): Promise<WatchedStream[]> {
  const conversation = `streams-attack-${randomUUID().slice(0, 8)}`;
  await deliverFinEvent(url, rig, finEvent(conversation));
  const streams = [
    await watchStream(`${url}/api/hitl-steps/stream`, auth),
    await watchStream(`${url}/api/conversations/${conversation}/stream`, auth),
  ];
  const refused = streams.filter((s) => s.status !== 200).map((s) => s.status);
  if (refused.length) throw new Error(`opening the streams answered ${refused.join(', ')}`);
  return streams;
}

async function outliveCredential(
  url: string,
  rig: Rig,
  streams: WatchedStream[],
  end: () => Promise<Response>,
  what: string,
): Promise<AttackOutcome> {
  const t0 = Date.now();
  const ended = await end();
  await ended.body?.cancel();
  if (ended.status !== 200) throw new Error(`${what} answered ${ended.status}`);
  await sleep(1000);
  await deliverHitlQuestion(url, rig);
  const seconds = await secondsUntilEnded(streams, t0, CLOSE_WITHIN_S + 1);
  const questionsAfter = streams[0]!.events.filter((e) => e.name === 'created' && e.at > t0).length;
  for (const s of streams) s.close();
  return {
    breach: seconds === null || seconds > CLOSE_WITHIN_S || questionsAfter > 0,
    detail: `after ${what}: streams ${seconds === null ? `still open after ${CLOSE_WITHIN_S + 1} s` : `closed in ${seconds.toFixed(2)} s`}; ${questionsAfter} HITL question(s) reached the inbox stream afterwards`,
  };
}

export function leaksUpstreamStream(answer: string, simUrl: string): boolean {
  return answer.includes('accessToken') || answer.includes('/event-stream') || answer.includes(simUrl);
}

export const streamsAttacks: Attack[] = [
  {
    item: '6',
    name: 'a disabled account keeps its live streams',
    needs: 'http',
    async run({ rig, served }) {
      const url = served!.url;
      const a = await account(url, rig);
      const streams = await openBoth(url, rig, { cookie: a.cookie });
      return outliveCredential(
        url,
        rig,
        streams,
        () =>
          fetch(`${url}/api/users/${a.id}`, {
            method: 'PATCH',
            headers: { authorization: `Bearer ${rig.adminToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ disabled: true }),
          }),
        'disabling the account',
      );
    },
  },
  {
    item: '6',
    name: 'a revoked API token keeps its live streams',
    needs: 'http',
    async run({ rig, served }) {
      const url = served!.url;
      const a = await account(url, rig, { token: true });
      const token = a.token!;
      const streams = await openBoth(url, rig, { authorization: `Bearer ${token.secret}` });
      return outliveCredential(
        url,
        rig,
        streams,
        () =>
          fetch(`${url}/api/tokens/${token.id}`, {
            method: 'DELETE',
            headers: { cookie: a.cookie, origin: new URL(url).origin },
          }),
        'revoking the token',
      );
    },
  },
  {
    item: '20',
    name: "the proxy hands Fin's sse_subscription_url to the caller",
    needs: 'http',
    async run({ rig, served }) {
      const url = served!.url;
      const conversation = `streams-url-${randomUUID().slice(0, 8)}`;
      const res = await fetch(`${url}/api/fin/ask`, {
        method: 'POST',
        headers: { authorization: `Bearer ${rig.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          conversation_id: conversation,
          user: { id: 'streams-user' },
          message: { author: 'user', body: 'How do I reset my password?' },
        }),
      });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`asking answered ${res.status}`);
      const given = (JSON.parse(text) as { sse_subscription_url?: string }).sse_subscription_url ?? null;
      return {
        breach: leaksUpstreamStream(text, rig.simUrl),
        detail: `POST /api/fin/ask answered sse_subscription_url ${given === null ? 'absent' : leaksUpstreamStream(given, rig.simUrl) ? "= Fin's own (with its access token)" : `= ${new URL(given, url).pathname} (the console's)`}`,
      };
    },
  },
  {
    item: '7',
    name: `one account opens ${STREAM_CAP + 10} streams`,
    needs: 'http',
    async run({ rig, served }) {
      const url = served!.url;
      const a = await account(url, rig);
      const auth = { cookie: a.cookie };
      const streams: WatchedStream[] = [];
      const statuses = new Map<number, number>();
      try {
        for (let i = 0; i < STREAM_CAP + 10; i++) {
          const s = await watchStream(`${url}/api/hitl-steps/stream`, auth);
          streams.push(s);
          statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
        }
      } finally {
        for (const s of streams) s.close();
      }
      const accepted = statuses.get(200) ?? 0;
      return {
        breach: accepted === STREAM_CAP + 10,
        detail: `${STREAM_CAP + 10} opened: ${[...statuses].map(([status, n]) => `${n}× ${status}`).join(', ')}`,
      };
    },
  },
  {
    item: '7',
    name: 'a client that never reads its stream',
    needs: 'http',
    async run({ rig, served }) {
      const url = served!.url;
      const a = await account(url, rig);
      const conversation = `streams-slow-${randomUUID().slice(0, 8)}`;
      await deliverFinEvent(url, rig, finEvent(conversation));
      const { hostname, port } = new URL(url);
      const socket = connect({ host: hostname, port: Number(port) });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      let received = 0;
      let closed = false;
      socket.on('data', (chunk: Buffer) => void (received += chunk.length));
      socket.on('close', () => void (closed = true));
      socket.on('error', () => undefined);
      socket.write(
        `GET /api/conversations/${conversation}/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/event-stream\r\nCookie: ${a.cookie}\r\n\r\n`,
      );
      await sleep(500);
      socket.pause();
      // 24 MiB of replies, far past the socket buffers the kernel gives a loopback connection.
      const text = 'x'.repeat(48 * 1024);
      const offered = 512;
      for (let i = 0; i < offered; i += 8) {
        await Promise.all(
          Array.from({ length: 8 }, (_, j) => {
            const at = new Date().toISOString();
            return deliverFinEvent(
              url,
              rig,
              JSON.stringify({
                event_name: 'fin_replied',
                conversation_id: conversation,
                user_id: 'streams-user',
                message: { id: `msg-${i + j}-${randomUUID()}`, author: 'fin', body: text, timestamp_ms: at },
                status: 'replying',
                created_at_ms: at,
              }),
            );
          }),
        );
      }
      // Now read: a console that kept everything for us sends it all and keeps the stream open.
      socket.resume();
      let last = -1;
      while (!closed && received !== last) {
        last = received;
        await sleep(1500);
      }
      socket.destroy();
      const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
      return {
        breach: !closed,
        detail: `${mib(offered * text.length)} MiB offered to a paused reader; it then got ${mib(received)} MiB and the console ${closed ? 'had dropped it' : 'still held it open (everything buffered)'}`,
      };
    },
  },
];
