// Streams end within seconds once their credential is gone, are capped per principal, and drop a client that does not read.
import { connect, type Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as signOutRoute from '@/app/api/auth/sign-out/route';
import * as finStreamRoute from '@/app/api/conversations/[id]/fin-stream/route';
import * as askRoute from '@/app/api/fin/ask/route';
import * as escalateRoute from '@/app/api/fin/escalate/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as replyRoute from '@/app/api/fin/reply/route';
import * as startRoute from '@/app/api/fin/start/route';
import * as hitlStreamRoute from '@/app/api/hitl-steps/stream/route';
import * as tokenRoute from '@/app/api/tokens/[id]/route';
import * as userRoute from '@/app/api/users/[id]/route';
import type { Role } from '@/lib/console/auth';
import { PROCEDURE_IDS } from '@/testing/sim';
import { authenticate } from '../auth/authenticate';
import { createSession } from '../auth/sessions';
import { createToken } from '../auth/tokens';
import { createUser } from '../auth/users';
import type { ConsoleContext } from '../context';
import { getConversationRow } from '../db/conversations';
import { conversationStream, hitlStream } from '../sse';
import { admitStream, userStreamOwner } from '../stream-guard';
import {
  ADMIN_TOKEN,
  getRequest,
  ingestEscalated,
  jsonRequest,
  params,
  readSse,
  realtime,
  startHarness,
  uid,
  waitFor,
  type As,
  type Harness,
} from '@/testing/server/harness';
import { sleep } from '@/testing/util';

const LIMIT = 5_000;

async function storedConversation(ctx: ConsoleContext, prefix: string): Promise<string> {
  const id = uid(prefix);
  await ingestEscalated(ctx, id);
  return id;
}

describe('live streams and their credentials', () => {
  let h: Harness;
  let ctx: ConsoleContext;
  beforeAll(async () => {
    h = await startHarness({ webhooks: false });
    ctx = await h.ctx();
  });
  afterAll(async () => {
    await h?.close();
  });

  const account = async (role: Role = 'viewer') => {
    const user = await createUser(ctx.db, {
      name: `Stream ${role}`,
      email: `${uid('streams')}@test.test`,
      role,
      password: 'a-long-test-password',
    });
    const token = await createToken(ctx.db, { userId: user.id, name: 'streams test' });
    const session = await createSession(ctx.db, user.id);
    return {
      user,
      tokenId: token.token.id,
      bearer: { bearer: token.secret } as As,
      cookie: { cookie: session.secret } as As,
    };
  };

  const conversation = () => storedConversation(ctx, 'conv');

  const conversationSse = async (id: string, as: As) => {
    const res = await realtime(getRequest(`/api/conversations/${id}/stream`, { as }));
    return res.status === 200 ? readSse(res) : Promise.reject(new Error(`HTTP ${res.status}`));
  };

  const openAll = async (as: As) => {
    const id = await conversation();
    const hitl = await hitlStreamRoute.GET(getRequest('/api/hitl-steps/stream', { as }), params({}));
    expect(hitl.status).toBe(200);
    const streams = [readSse(hitl), await conversationSse(id, as)];
    await waitFor(
      () => streams.every((s) => s.comments.length + s.messages.length > 0),
      3000,
      'streams open',
    );
    return streams;
  };

  /** Every one of `streams` ended within 5 s of `since`. */
  const expectEndedWithin5s = async (streams: { done: Promise<string> }[], since: number) => {
    const all = Promise.all(streams.map((s) => s.done)).then(() => (Date.now() - since) / 1000);
    const seconds = await Promise.race([all, sleep(LIMIT + 1000, null)]);
    expect(seconds).not.toBeNull();
    expect(seconds!).toBeLessThanOrEqual(5);
  };

  it('disabling an account ends its open streams within 5 s', async () => {
    const a = await account();
    const streams = [...(await openAll(a.bearer)), ...(await openAll(a.cookie))];
    const t0 = Date.now();
    const res = await userRoute.PATCH(
      jsonRequest(`/api/users/${a.user.id}`, { disabled: true }, { method: 'PATCH' }),
      params({ id: a.user.id }),
    );
    expect(res.status).toBe(200);
    await expectEndedWithin5s(streams, t0);
    for (const s of streams) expect(s.comments).toContain('credentials ended');
  });

  it('revoking a token ends the streams it opened, and only those', async () => {
    const a = await account();
    const byToken = await openAll(a.bearer);
    const bySession = await openAll(a.cookie);
    const t0 = Date.now();
    const res = await tokenRoute.DELETE(
      getRequest(`/api/tokens/${a.tokenId}`, { method: 'DELETE', as: a.bearer }),
      params({ id: a.tokenId }),
    );
    expect(res.status).toBe(200);
    await expectEndedWithin5s(byToken, t0);
    // The account's session still stands: a re-check leaves its streams admitted.
    await ctx.hub.streams.recheck();
    expect(ctx.hub.streams.count(userStreamOwner(a.user.id))).toBe(bySession.length);
    for (const s of bySession) await s.close();
  });

  it('demoting an account below a stream’s role ends that stream within 5 s, and only that one', async () => {
    const a = await account('agent');
    const headers = new Headers({ authorization: `Bearer ${(a.bearer as { bearer: string }).bearer}` });
    const me = (await authenticate(ctx, headers))!.principal;
    const open = (need: Role) =>
      readSse(
        new Response(hitlStream(ctx, new AbortController(), { ticket: admitStream(ctx, headers, me, need) })),
      );
    const forAgents = open('agent');
    const forViewers = open('viewer');
    const t0 = Date.now();
    const res = await userRoute.PATCH(
      jsonRequest(`/api/users/${a.user.id}`, { role: 'viewer' }, { method: 'PATCH' }),
      params({ id: a.user.id }),
    );
    expect(res.status).toBe(200);
    await expectEndedWithin5s([forAgents], t0);
    await ctx.hub.streams.recheck();
    expect(ctx.hub.streams.count(userStreamOwner(me.userId!))).toBe(1);
    await forViewers.close();
  });

  it('signing out ends the session’s streams within 5 s', async () => {
    const a = await account();
    const streams = await openAll(a.cookie);
    const t0 = Date.now();
    const res = await signOutRoute.POST(jsonRequest('/api/auth/sign-out', {}, { as: a.cookie }), params({}));
    expect(res.status).toBe(200);
    await expectEndedWithin5s(streams, t0);
  });

  it('an expired session’s streams end within 5 s, with no notice to hurry them', async () => {
    const a = await account();
    const streams = await openAll(a.cookie);
    const t0 = Date.now();
    await ctx.db.query('UPDATE sessions SET expires_at = $2 WHERE user_id = $1', [
      a.user.id,
      new Date(t0 - 1000),
    ]);
    await expectEndedWithin5s(streams, t0);
  });

  it('a stream re-checking its session does not keep the session alive', async () => {
    const a = await account();
    const streams = await openAll(a.cookie);
    const before = await ctx.db.query<{ last_seen_at: Date | string }>(
      'SELECT last_seen_at FROM sessions WHERE user_id = $1',
      [a.user.id],
    );
    await ctx.db.query('UPDATE sessions SET last_seen_at = $2 WHERE user_id = $1', [
      a.user.id,
      new Date(Date.now() - 10 * 60_000),
    ]);
    await ctx.hub.streams.recheck();
    const after = await ctx.db.query<{ last_seen_at: Date | string }>(
      'SELECT last_seen_at FROM sessions WHERE user_id = $1',
      [a.user.id],
    );
    expect(new Date(after[0]!.last_seen_at).getTime()).toBeLessThan(
      new Date(before[0]!.last_seen_at).getTime(),
    );
    for (const s of streams) await s.close();
  });

  it('one account holds at most 20 streams across Next routes and the realtime entry; one more is a 429 error.list', async () => {
    const a = await account();
    const id = await conversation();
    const open = [];
    for (let i = 0; i < 10; i++) open.push(await conversationSse(id, a.bearer));
    for (let i = 0; i < 10; i++) {
      const res = await realtime(getRequest(`/api/conversations/${id}/stream`, { as: a.cookie }));
      expect(res.status).toBe(200);
      open.push(readSse(res));
    }
    const overRoute = await hitlStreamRoute.GET(
      getRequest('/api/hitl-steps/stream', { as: a.bearer }),
      params({}),
    );
    expect(overRoute.status).toBe(429);
    expect(await overRoute.json()).toEqual({
      type: 'error.list',
      request_id: null,
      errors: [{ code: 'rate_limited', message: expect.stringMatching(/at most 20/) }],
    });
    const overDirect = await realtime(getRequest(`/api/conversations/${id}/stream`, { as: a.bearer }));
    expect(overDirect.status).toBe(429);
    expect(((await overDirect.json()) as { type: string }).type).toBe('error.list');
    // Another account is not affected, and a closed stream frees its place.
    const b = await account();
    const other = await realtime(getRequest(`/api/conversations/${id}/stream`, { as: b.bearer }));
    expect(other.status).toBe(200);
    await readSse(other).close();
    await open[0]!.close();
    await waitFor(() => ctx.hub.streams.count(`user:${a.user.id}`) === 19, 3000, 'a place freed');
    const again = await realtime(getRequest(`/api/conversations/${id}/stream`, { as: a.bearer }));
    expect(again.status).toBe(200);
    await readSse(again).close();
    for (const s of open) await s.close();
  });
});

describe('the stream URL the proxy answers with', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is the console’s own, in every answer that has one: Fin’s URL and its token stay on the server', async () => {
    const user = { id: 'url-user' };
    const message = { author: 'user', body: 'How do I reset my password?' };
    const id = uid('url');
    const answers = [
      await askRoute.POST(
        jsonRequest('/api/fin/ask', { conversation_id: uid('ask'), user, message }),
        params({}),
      ),
      await startRoute.POST(
        jsonRequest('/api/fin/start', { conversation_id: id, user, message }),
        params({}),
      ),
    ];
    await waitFor(
      async () => (await getConversationRow((await h.ctx()).db, id))?.status === 'awaiting_user_reply',
      5000,
      'the first cycle',
    );
    answers.push(
      await replyRoute.POST(
        jsonRequest('/api/fin/reply', { conversation_id: id, user, message }),
        params({}),
      ),
      await escalateRoute.POST(jsonRequest('/api/fin/escalate', { conversation_id: id }), params({})),
      await runRoute.POST(
        jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`, {
          conversation_id: uid('run'),
          user,
          message: { author: 'agent', body: 'Start' },
        }),
        params({ procedureId: PROCEDURE_IDS.resetPassword }),
      ),
    );
    for (const res of answers) {
      const text = await res.text();
      expect(res.status, text).toBe(200);
      expect(text).not.toMatch(/accessToken|event-stream/);
      expect(text).not.toContain(h.sim.url);
      expect((JSON.parse(text) as { sse_subscription_url: string }).sse_subscription_url).toMatch(
        /^http:\/\/console\.test\/api\/conversations\/[^/]+\/fin-stream\?after=\d+$/,
      );
    }
    const anonymous = await finStreamRoute.GET(
      getRequest(`/api/conversations/${id}/fin-stream`, { as: null }),
      params({ id }),
    );
    expect(anonymous.status).toBe(401);
  });
});

describe('a client that does not read', () => {
  let h: Harness;
  let ctx: ConsoleContext;
  let port: number;
  const responses: ServerResponse[] = [];
  beforeAll(async () => {
    h = await startHarness({ webhooks: false });
    ctx = await h.ctx();
    h.bridge.server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) =>
      responses.push(res),
    );
    port = (h.bridge.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await h?.close();
  });

  const FRAME = 'x'.repeat(64 * 1024);
  const live = (id: string, n: number) =>
    ctx.hub.fanout.publishLive({
      conversation_id: id,
      key: `slow-${n}`,
      source: 'sse',
      received_at: new Date().toISOString(),
      event: {
        event_name: 'fin_replied',
        conversation_id: id,
        user_id: 'u',
        status: 'replying',
        message: { id: `m-${n}`, author: 'fin', body: FRAME, timestamp_ms: new Date().toISOString() },
        created_at_ms: new Date().toISOString(),
      },
    });

  const conversation = () => storedConversation(ctx, 'slow');

  it('on the realtime entry is dropped once 1 MiB waits for it, and its buffer stays bounded', async () => {
    const id = await conversation();
    const socket: Socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `GET /api/conversations/${id}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`,
    );
    await new Promise<void>((r) => socket.once('data', () => r()));
    socket.pause();
    await waitFor(() => ctx.hub.fanout.subscriberCount(id) === 1, 3000, 'the stream');
    const res = responses.at(-1)!;
    await sleep(300);
    let most = 0;
    // 64 MiB offered, far past what the kernel's socket buffers take.
    for (let n = 0; n < 1024 && ctx.hub.fanout.subscriberCount(id) > 0; n++) {
      live(id, n);
      most = Math.max(most, res.writableLength);
      if (n % 16 === 15) await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => ctx.hub.fanout.subscriberCount(id) === 0, 3000, 'the slow client dropped');
    expect(res.destroyed).toBe(true);
    expect(most).toBeLessThanOrEqual(1024 * 1024 + FRAME.length + 1024);
    socket.destroy();
  });

  it('on a web stream (the Next routes) is dropped once 1 MiB waits for it', async () => {
    const id = await conversation();
    const res = new Response(await conversationStream(ctx, id, 0, new AbortController()));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    await waitFor(() => ctx.hub.fanout.subscriberCount(id) === 1, 3000, 'the stream');
    await sleep(300);
    for (let n = 0; n < 256 && ctx.hub.fanout.subscriberCount(id) > 0; n++) live(id, n);
    expect(ctx.hub.fanout.subscriberCount(id)).toBe(0);
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })(),
    ).rejects.toThrow(/reads too slowly/);
  });
});
