/** Faults injected through the simulator: duplicate and reordered webhooks, a dropped stream, an expired token, a restart mid-run. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HITL_TOPIC, type FinEvent } from '@/lib/fin';
import type { ConversationDetail, HitlStep, StreamState } from '@/lib/console/types';
import {
  finCall,
  PROCEDURE_IDS,
  simAdvanceClock,
  simClearFaults,
  simConversation,
  simFaults,
  simWebhookLog,
} from '@/testing/sim';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as conversationsRoute from '@/app/api/conversations/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import * as submitRoute from '@/app/api/hitl-steps/[stepId]/submit/route';
import type { EventHub } from '../event-hub';
import {
  getRequest,
  jsonRequest,
  params,
  harnessPerFile,
  startHarness,
  TOKEN,
  uid,
  waitFor,
} from '@/testing/server/harness';

const h = harnessPerFile();
afterEach(async () => {
  h.bridge.paused = false;
  await simClearFaults(h.sim.url);
});

const user = { id: 'rel-user', attributes: { plan_type: 'Pro' } };
const noParams = params({});

async function detail(id: string): Promise<ConversationDetail | null> {
  const res = await conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id }));
  return res.status === 200 ? ((await res.json()) as ConversationDetail) : null;
}

/** Fin's own events for a conversation, as the simulator logged them (chunks travel by SSE only). */
async function simEvents(id: string, withChunks = false): Promise<FinEvent[]> {
  const events = (await simConversation(h.sim.url, id)).events as FinEvent[];
  return withChunks ? events : events.filter((e) => e.event_name !== 'fin_reply_chunk');
}

const finEventsOf = (d: ConversationDetail) =>
  d.events.filter((e) => !e.event.event_name.startsWith('console_'));

/** The simulator's webhook attempts from now on, each logged once the console answered it. */
async function deliveriesSince() {
  const before = (await simWebhookLog(h.sim.url)).length;
  return async () => (await simWebhookLog(h.sim.url)).slice(before);
}

/** Starts a conversation on the simulator directly: the console learns about it from webhooks only. */
async function startBehindTheConsole(procedureId: string) {
  const id = uid('direct');
  const res = await finCall(h.sim.url, TOKEN, `/fin/procedures/${procedureId}/run`, {
    conversation_id: id,
    user,
  });
  expect(res.status).toBe(200);
  return id;
}

async function runViaConsole(procedureId: string, id = uid('run')) {
  const res = await runRoute.POST(
    jsonRequest(`/api/fin/procedures/${procedureId}/run`, { conversation_id: id, user }),
    params({ procedureId }),
  );
  expect(res.status).toBe(200);
  return id;
}

function watchStates(hub: EventHub, id: string) {
  const states: StreamState[] = [];
  const stop = hub.subscribeConversation(id, (m) => {
    if (m.type === 'conversation' && states.at(-1) !== m.conversation.stream_state)
      states.push(m.conversation.stream_state);
  });
  return { states, stop };
}

describe('webhook faults', () => {
  it('duplicate deliveries: every Fin event and the HITL step are stored once', async () => {
    await simFaults(h.sim.url, { duplicate_webhooks: true });
    const answered = await deliveriesSince();
    const id = await startBehindTheConsole(PROCEDURE_IDS.orderStatus);
    const expected = await waitFor(
      async () => {
        const sim = await simEvents(id);
        return sim.some((e) => e.event_name === 'csat_requested') ? sim : undefined;
      },
      5000,
      'the run to finish on the simulator',
    );
    const d = await waitFor(
      async () => {
        const got = await detail(id);
        return got && finEventsOf(got).length >= expected.length ? got : undefined;
      },
      5000,
      'webhooks to arrive',
    );
    await waitFor(async () => (await answered()).length >= 2 * expected.length, 5000, 'every second copy');
    const final = (await detail(id))!;
    expect(finEventsOf(final).map((e) => e.event)).toEqual(expect.arrayContaining(expected));
    expect(final.events).toHaveLength(expected.length);
    expect(final.events.every((e) => e.source === 'webhook')).toBe(true);
    expect(final.conversation).toMatchObject({ kind: 'external', status: 'complete', user: { id: user.id } });
    expect(d.conversation.id).toBe(id);

    const answeredForStep = await deliveriesSince();
    const del = await startBehindTheConsole(PROCEDURE_IDS.accountDeletion);
    const intercomId = String((await simConversation(h.sim.url, del)).intercom_conversation_id);
    await waitFor(
      async () => {
        const steps = (await (
          await stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), noParams)
        ).json()) as HitlStep[];
        return steps.some((s) => s.conversation_id === intercomId);
      },
      5000,
      'the HITL step',
    );
    await waitFor(
      async () => (await answeredForStep()).filter((d) => d.label === HITL_TOPIC).length === 2,
      5000,
      'the second copy of the HITL notification',
    );
    const rows = await (
      await h.ctx()
    ).db.query<{ n: number }>('SELECT count(*)::int AS n FROM hitl_steps WHERE conversation_id = $1', [
      intercomId,
    ]);
    expect(rows[0]?.n).toBe(1);
  });

  it('reordered deliveries keep arrival order but never move the status backwards', async () => {
    await simFaults(h.sim.url, { reorder_webhooks: true });
    const id = await startBehindTheConsole(PROCEDURE_IDS.resetPassword);
    const first = await waitFor(
      async () => {
        const d = await detail(id);
        return d && d.events.length === 3 ? d : undefined;
      },
      5000,
      'three webhooks',
    );
    // Arrival order is reversed: the closing status came first…
    expect(first.events[0]?.event).toMatchObject({
      event_name: 'fin_status_updated',
      status: 'awaiting_user_reply',
    });
    // …yet the later-arriving, older replies did not move the status back to `replying`.
    expect(first.conversation.status).toBe('awaiting_user_reply');

    const reply = await finCall(h.sim.url, TOKEN, '/fin/reply', {
      conversation_id: id,
      user,
      message: { author: 'user', body: 'me@example.com' },
    });
    expect(reply.status).toBe(200);
    const expected = await waitFor(
      async () => {
        const sim = await simEvents(id);
        return sim.at(-1)?.event_name === 'fin_status_updated' && sim.length === 6 ? sim : undefined;
      },
      5000,
      'the reply cycle on the simulator',
    );
    const done = await waitFor(
      async () => {
        const d = await detail(id);
        return d && d.events.length === expected.length ? d : undefined;
      },
      5000,
      'the reply cycle webhooks',
    );
    const arrival = done.events.map((e) => e.event.created_at_ms);
    expect(arrival).not.toEqual([...arrival].sort());
    expect(done.conversation.status).toBe('complete');
  });
});

describe('upstream stream faults', () => {
  it('a stream dropped mid-run is reopened; rewind fills the gap, nothing lost or repeated', async () => {
    h.bridge.paused = true; // SSE alone must deliver everything
    const ctx = await h.ctx();
    const id = uid('drop');
    const watch = watchStates(ctx.hub, id);
    await simFaults(h.sim.url, { drop_stream_after: 1 });
    await runViaConsole(PROCEDURE_IDS.resetPassword, id);
    await waitFor(() => watch.states.includes('reconnecting'), 5000, 'a reconnect');
    await simClearFaults(h.sim.url);
    const d = await waitFor(
      async () => {
        const got = await detail(id);
        return got?.conversation.stream_state === 'closed' ? got : undefined;
      },
      5000,
      'the cycle to end',
    );
    watch.stop();
    expect(d.conversation.status).toBe('awaiting_user_reply');
    expect(d.events.map((e) => e.event)).toEqual(await simEvents(id, true));
    expect(d.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(d.events.every((e) => e.source === 'sse')).toBe(true);
    expect(watch.states.slice(0, 3), watch.states.join(' → ')).toEqual([
      'connecting',
      'live',
      'reconnecting',
    ]);
    expect(watch.states.slice(3)).toContain('live');
    expect(watch.states.at(-1)).toBe('closed');
    await waitFor(() => !ctx.hub.isFollowing(id), 2000, 'the follower to stop reading');
  });

  it('an expired token on reconnect is expected: stream_state revoked, follower stops', async () => {
    h.bridge.paused = true;
    const ctx = await h.ctx();
    const id = await runViaConsole(PROCEDURE_IDS.accountDeletion);
    await waitFor(
      async () => {
        const d = await detail(id);
        return (
          d?.conversation.stream_state === 'live' &&
          d.events.some((e) => e.event.event_name === 'fin_replied')
        );
      },
      5000,
      'the run to pause at its HITL step with the stream live',
    );
    await simAdvanceClock(h.sim.url, 181_000);
    const d = await waitFor(
      async () => {
        const got = await detail(id);
        return got?.conversation.stream_state === 'revoked' ? got : undefined;
      },
      5000,
      'the stream to be revoked',
    );
    expect(d.conversation.status).toBe('replying');
    await waitFor(() => !ctx.hub.isFollowing(id), 2000, 'the follower to stop');
  });
});

describe('restart', () => {
  // Own console and simulator: with no Intercom id a step links by inference, and the token test above
  // leaves a run of the same user waiting, so two runs would fit and neither would be linked.
  beforeAll(async () => {
    await h.close();
    Object.assign(h, await startHarness());
  });

  it('keeps conversations, events and pending steps, and resumes following live streams', async () => {
    const done = await runViaConsole(PROCEDURE_IDS.orderStatus);
    await waitFor(
      async () => (await detail(done))?.conversation.stream_state === 'closed',
      5000,
      'order status to finish',
    );
    const live = await runViaConsole(PROCEDURE_IDS.accountDeletion);
    const step = await waitFor(
      async () => {
        const steps = (await (
          await stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), noParams)
        ).json()) as HitlStep[];
        return steps.find((s) => s.external_conversation_id === live);
      },
      5000,
      'the pending step',
    );
    await waitFor(
      async () => (await detail(live))?.conversation.stream_state === 'live',
      3000,
      'a live stream',
    );
    const before = {
      done: await detail(done),
      live: await detail(live),
      list: await (await conversationsRoute.GET(getRequest('/api/conversations'), noParams)).json(),
    };

    h.bridge.paused = true; // after the restart, only the resumed SSE can bring the rest of the run
    const oldCtx = await h.ctx();
    const ctx = await h.restart();
    expect(ctx).not.toBe(oldCtx);
    expect(await detail(done)).toEqual(before.done);
    expect(await (await conversationsRoute.GET(getRequest('/api/conversations'), noParams)).json()).toEqual(
      before.list,
    );
    // Everything stored before the restart is still there, in the same order (the resumed stream may add to it).
    expect((await detail(live))?.events.slice(0, before.live!.events.length)).toEqual(before.live?.events);
    const pending = (await (
      await stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), noParams)
    ).json()) as HitlStep[];
    expect(pending.find((s) => s.step_id === step.step_id)).toMatchObject({
      status: 'pending',
      external_conversation_id: live,
      link: 'inferred',
    });
    await waitFor(() => ctx.hub.isFollowing(live), 3000, 'the stream to be followed again');

    const res = await submitRoute.POST(
      jsonRequest(`/api/hitl-steps/${step.step_id}/submit`, {
        teammate: 'Alice',
        attribute_values: [
          { identifier: 'workflow_local_variables.ec3f367f-c7f2-4b17-8852-d13a8b0e3113', value: true },
          { identifier: 'workflow_local_variables.5849b803-b5b0-426d-b5c6-d501bac0b6a4', value: 'Passport' },
        ],
      }),
      params({ stepId: step.step_id }),
    );
    expect(res.status).toBe(200);
    const after = await waitFor(
      async () => {
        const d = await detail(live);
        return d?.conversation.status === 'complete' ? d : undefined;
      },
      5000,
      'the run to complete through the resumed stream',
    );
    const fresh = after.events.slice(before.live!.events.length);
    expect(fresh.filter((e) => e.source !== 'console').every((e) => e.source === 'sse')).toBe(true);
    // Arrival order may interleave the two channels; the content is exactly Fin's log, once each.
    const stored = after.events.filter((e) => e.source !== 'console').map((e) => e.event);
    const expected = await simEvents(live, true);
    expect(stored).toHaveLength(expected.length);
    expect(stored).toEqual(expect.arrayContaining(expected));
  });
});
