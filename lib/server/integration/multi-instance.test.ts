// Two console instances on one Postgres (only with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitlStep, StoredEvent } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/testing/sim';
import * as userRoute from '@/app/api/users/[id]/route';
import { createToken } from '../auth/tokens';
import { createUser } from '../auth/users';
import { authenticate } from '../auth/authenticate';
import { createConsoleContext, type ConsoleContext } from '../context';
import { conversationStream, hitlStream } from '../sse';
import { admitStream } from '../stream-guard';
import type { ConsoleError } from '../errors';
import { runProcedure } from '../fin-proxy';
import { listStepRows } from '../db/hitl-steps';
import { getConversationRow } from '../db/conversations';
import { listApiCalls } from '../db/records';
import { submitStep } from '../hitl';
import {
  closeConsoleContext,
  getRequest,
  ingestEscalated,
  jsonRequest,
  openPeer,
  params,
  readSse,
  realtime,
  startHarness,
  startRealtimeServer,
  TEST_DATABASE_URL,
  uid,
  waitFor,
  type Harness,
} from '@/testing/server/harness';
import { sleep } from '@/testing/util';

const user = { id: 'multi-user' };

describe.skipIf(!TEST_DATABASE_URL)('two console instances on one Postgres', () => {
  let h: Harness;
  let a: ConsoleContext;
  let b: ConsoleContext;
  beforeAll(async () => {
    h = await startHarness();
    a = await h.ctx();
    b = await openPeer(h, 'peer-b');
  });
  afterAll(async () => {
    if (b) await closeConsoleContext(b);
    await h?.close();
  });

  it('an event ingested by hub A reaches a subscriber on hub B (LISTEN/NOTIFY)', async () => {
    const id = uid('fanout');
    const seen: StoredEvent[] = [];
    const stop = b.hub.subscribeConversation(id, (m) => m.type === 'event' && seen.push(m.event));
    const inbox: HitlStep[] = [];
    const stopInbox = b.hub.subscribeHitl((m) => inbox.push(m.step));
    const stored = await ingestEscalated(a, id);
    await waitFor(() => seen.length === 1, 3000, 'the event on hub B');
    expect(seen[0]).toEqual(stored);
    stop();

    const run = uid('inbox');
    await runProcedure(a, PROCEDURE_IDS.accountDeletion, { conversation_id: run, user }, 'Alice');
    await waitFor(() => inbox.some((s) => s.external_conversation_id === run), 5000, 'the step on hub B');
    stopInbox();
  });

  it('a browser on instance B sees a run that instance A follows', async () => {
    const id = uid('cross');
    await runProcedure(a, PROCEDURE_IDS.resetPassword, { conversation_id: id, user }, 'Alice');
    // At the instant pace a follower can read the whole cycle and park before this first looks:
    // a stream state past `connecting` says one followed it too.
    await waitFor(
      async () =>
        a.hub.isFollowing(id) ||
        b.hub.isFollowing(id) ||
        ((await getConversationRow(a.db, id))?.stream_state ?? 'connecting') !== 'connecting',
      2000,
      'a follower',
    );
    // Route handlers use the process-wide context (A); read B's stream through its own hub.
    const abort = new AbortController();
    const body = await conversationStream(b, id, 0, abort);
    const sse = readSse(new Response(body));
    await waitFor(
      () => sse.messages.filter((m) => m.event === 'fin').length === 3,
      5000,
      'three events through B',
    );
    expect(sse.messages.filter((m) => m.event === 'fin').map((m) => m.id)).toEqual(['1', '2', '3']);
    abort.abort();
    const viaA = readSse(await realtime(getRequest(`/api/conversations/${id}/stream`)));
    await waitFor(
      () => viaA.messages.filter((m) => m.event === 'fin').length === 3,
      3000,
      'three events through A',
    );
    await viaA.close();
  });

  it('each upstream stream is followed by one instance, and another takes over when it stops', async () => {
    const peer = await openPeer(h, 'peer-c');
    const id = uid('lease');
    await runProcedure(a, PROCEDURE_IDS.accountDeletion, { conversation_id: id, user }, 'Alice');
    await waitFor(() => a.hub.isFollowing(id), 2000, 'A to follow');
    peer.hub.follow(id);
    b.hub.follow(id);
    await sleep(700);
    expect([a.hub.isFollowing(id), b.hub.isFollowing(id), peer.hub.isFollowing(id)]).toEqual([
      true,
      false,
      false,
    ]);
    const lease = await a.db.query<{ owner: string }>(
      'SELECT owner FROM stream_leases WHERE conversation_id = $1',
      [id],
    );
    expect(lease).toEqual([{ owner: `test-${process.pid}` }]);

    await closeConsoleContext(peer);
    const followersBefore = b.hub.isFollowing(id);
    expect(followersBefore).toBe(false);
    await a.hub.close();
    await waitFor(() => b.hub.isFollowing(id), 5000, 'B to take over');
    const owner = await b.db.query<{ owner: string }>(
      'SELECT owner FROM stream_leases WHERE conversation_id = $1',
      [id],
    );
    expect(owner).toEqual([{ owner: 'peer-b' }]);
    a = await h.restart();
  });

  it('disabling an account on A ends its streams on B within 5 s, by notice, not by B’s re-check', async () => {
    // B re-checks open streams only once a minute: within 5 s only A's notice can end them.
    const slow = await createConsoleContext({
      env: h.env,
      instanceId: 'peer-slow',
      hub: { sweepMs: 300, leaseTtlMs: 3_000, streamRecheckMs: 60_000 },
    });
    const onB = await startRealtimeServer(async () => slow);
    try {
      const viewer = await createUser(a.db, {
        name: 'Multi viewer',
        email: `${uid('multi')}@test.test`,
        role: 'viewer',
        password: 'a-long-test-password',
      });
      const { secret } = await createToken(a.db, { userId: viewer.id, name: 'multi' });
      const id = uid('revoked');
      await ingestEscalated(a, id);
      const headers = { authorization: `Bearer ${secret}` };
      const me = (await authenticate(slow, new Headers(headers)))!.principal;
      const inbox = new AbortController();
      const streams = [
        readSse(await onB.fetch(getRequest(`/api/conversations/${id}/stream`, { headers, as: null }))),
        readSse(
          new Response(
            hitlStream(slow, inbox, { ticket: admitStream(slow, new Headers(headers), me, 'viewer') }),
          ),
        ),
      ];
      await waitFor(
        () => streams.every((s) => s.messages.length + s.comments.length > 0),
        3000,
        'the streams on B',
      );
      const t0 = Date.now();
      const res = await userRoute.PATCH(
        jsonRequest(`/api/users/${viewer.id}`, { disabled: true }, { method: 'PATCH' }),
        params({ id: viewer.id }),
      );
      expect(res.status).toBe(200);
      const ended = await Promise.race([
        Promise.all(streams.map((s) => s.done)).then(() => (Date.now() - t0) / 1000),
        sleep(6000, null),
      ]);
      expect(ended).not.toBeNull();
      expect(ended!).toBeLessThanOrEqual(5);
      for (const s of streams) expect(s.comments).toContain('credentials ended');
    } finally {
      await onB.close();
      await closeConsoleContext(slow);
    }
  });

  it('one HITL step answered once across both instances', async () => {
    const id = uid('once');
    await runProcedure(a, PROCEDURE_IDS.accountDeletion, { conversation_id: id, user }, 'Alice');
    const step = await waitFor(
      async () => (await listStepRows(a.db, 'pending')).find((s) => s.external_conversation_id === id),
      5000,
      'the step',
    );
    const values = [
      { identifier: 'workflow_local_variables.ec3f367f-c7f2-4b17-8852-d13a8b0e3113', value: true },
      { identifier: 'workflow_local_variables.5849b803-b5b0-426d-b5c6-d501bac0b6a4', value: 'Video call' },
    ];
    const results = await Promise.allSettled([
      submitStep(a, step.step_id, { attribute_values: values }, 'Alice'),
      submitStep(b, step.step_id, { attribute_values: values }, 'Bob'),
      submitStep(b, step.step_id, { attribute_values: values }, 'Bob'),
      submitStep(a, step.step_id, { attribute_values: values }, 'Carol'),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as ConsoleError).status).toBe(409);
    const calls = (await listApiCalls(a.db, id)).filter((c) => c.url.endsWith('/collect_agent_input'));
    expect(calls).toHaveLength(1);
  });
});
