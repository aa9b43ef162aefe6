// Fin's answers carry no Intercom id (as documented): a step's run is inferred or set by a lead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HitlNotification } from '@/lib/fin';
import type { ConversationDetail, HitlLinkView, HitlStep } from '@/lib/console/types';
import { finCall, PROCEDURE_IDS, simConversation } from '@/testing/sim';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as capabilitiesRoute from '@/app/api/fin/capabilities/route';
import * as replyRoute from '@/app/api/fin/reply/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as linkRoute from '@/app/api/hitl-steps/[stepId]/link/route';
import * as stepRoute from '@/app/api/hitl-steps/[stepId]/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import { listAudit } from '../db/records';
import {
  actingAs,
  deliverWebhook,
  getRequest,
  jsonRequest,
  params,
  startHarness,
  TOKEN,
  uid,
  waitFor,
  type As,
  type Harness,
} from '@/testing/server/harness';

async function json<T>(res: Response | Promise<Response>): Promise<[number, T]> {
  const r = await res;
  return [r.status, (await r.json()) as T];
}

function harnessSteps(intercomIds: boolean) {
  const box: { h: Harness } = {} as { h: Harness };
  beforeAll(async () => {
    box.h = await startHarness({ intercomIds });
  });
  afterAll(() => box.h?.close());

  const run = async (
    procedureId: string,
    user: { id: string; email?: string; attributes?: Record<string, string> },
  ) => {
    const id = uid('link');
    const [status, answer] = await json<Record<string, unknown>>(
      runRoute.POST(
        jsonRequest(`/api/fin/procedures/${procedureId}/run`, { conversation_id: id, user }),
        params({ procedureId }),
      ),
    );
    expect(status).toBe(200);
    return { id, answer };
  };
  const stepOf = async (id: string) => {
    const intercomId = String((await simConversation(box.h.sim.url, id)).intercom_conversation_id);
    return waitFor(
      async () =>
        (
          await json<HitlStep[]>(stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), params({})))
        )[1].find((s) => s.conversation_id === intercomId),
      5000,
      `the HITL step of ${id}`,
    );
  };
  const step = async (stepId: string) =>
    (await json<HitlStep>(stepRoute.GET(getRequest(`/api/hitl-steps/${stepId}`), params({ stepId }))))[1];
  const linked = (stepId: string) =>
    waitFor(
      async () => {
        const s = await step(stepId);
        return s.link ? s : undefined;
      },
      3000,
      `a link for ${stepId}`,
    );
  const view = async (stepId: string, as?: As) =>
    json<HitlLinkView>(
      linkRoute.GET(
        getRequest(`/api/hitl-steps/${stepId}/link`, as === undefined ? {} : { as }),
        params({ stepId }),
      ),
    );
  const put = async (stepId: string, body: unknown, as?: As) =>
    json<HitlStep & { errors?: { code: string; message: string }[] }>(
      linkRoute.PUT(
        jsonRequest(`/api/hitl-steps/${stepId}/link`, body, {
          method: 'PUT',
          ...(as === undefined ? {} : { as }),
        }),
        params({ stepId }),
      ),
    );
  const timeline = async (id: string) =>
    (
      await json<ConversationDetail>(
        conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id })),
      )
    )[1].events;
  return { box, run, stepOf, step, linked, view, put, timeline };
}

describe('without Intercom ids in answers (the documented contract)', () => {
  const t = harnessSteps(false);

  it("links a run's step by inference, with its evidence, and puts it on the run's timeline", async () => {
    const { id, answer } = await t.run(PROCEDURE_IDS.accountDeletion, { id: uid('infer-user') });
    expect(Object.keys(answer)).not.toContain('intercom_conversation_id');
    const found = await t.stepOf(id);
    const s = await t.linked(found.step_id);
    expect(s).toMatchObject({ external_conversation_id: id, link: 'inferred', linked_by: null });
    expect(s.link_evidence.map((e) => [e.kind, e.weight])).toEqual([
      ['procedure', 'for'],
      ['user', 'unknown'],
      ['timing', 'for'],
      ['state', 'for'],
    ]);
    expect(s.link_evidence[0]!.detail).toBe('Both are "Account deletion"');
    const note = await waitFor(
      async () => (await t.timeline(id)).find((e) => e.event.event_name === 'console_hitl_pending'),
      3000,
      'the pending note on the run',
    );
    expect(note.event).toMatchObject({ step_id: s.step_id });
  });

  it('leaves a step unlinked between two equal runs; a lead links it, then marks it not linked', async () => {
    const user = { id: uid('twice'), email: 'twice@example.com' };
    // The same user runs the refund twice; both wait for the order number, then one goes on.
    const first = await t.run(PROCEDURE_IDS.refund, user);
    const second = await t.run(PROCEDURE_IDS.refund, user);
    await waitFor(
      async () =>
        (await simConversation(t.box.h.sim.url, second.id)).phase === 'awaiting_user' &&
        (await simConversation(t.box.h.sim.url, first.id)).phase === 'awaiting_user',
      5000,
      'both runs asking for the order',
    );
    const [replied] = await json(
      replyRoute.POST(
        jsonRequest('/api/fin/reply', {
          conversation_id: first.id,
          user,
          message: { author: 'user', body: 'Order #4411' },
        }),
        params({}),
      ),
    );
    expect(replied).toBe(200);
    const found = await t.stepOf(first.id);
    expect(found).toMatchObject({ external_conversation_id: null, link: null, link_evidence: [] });

    const [viewed, v] = await t.view(found.step_id, await actingAs(t.box.h, 'Vera', 'viewer'));
    expect(viewed).toBe(200);
    expect(v.candidates.map((c) => c.conversation_id).sort()).toEqual([first.id, second.id].sort());
    expect(v.candidates[0]!.score).toBe(v.candidates[1]!.score);
    expect(v.candidates[0]!.evidence).toContainEqual({
      kind: 'user',
      weight: 'for',
      detail: "End user twice@example.com is the run's user",
    });

    for (const [name, role] of [
      ['Vera', 'viewer'],
      ['Ada', 'agent'],
    ] as const) {
      const [status, body] = await t.put(
        found.step_id,
        { conversation_id: first.id },
        await actingAs(t.box.h, name, role),
      );
      expect(status).toBe(403);
      expect(body.errors?.[0]?.code).toBeTruthy();
    }
    expect((await t.step(found.step_id)).link).toBeNull();

    const lead = await actingAs(t.box.h, 'Lena', 'lead');
    const [linkedStatus, linked] = await t.put(found.step_id, { conversation_id: first.id }, lead);
    expect(linkedStatus).toBe(200);
    expect(linked).toMatchObject({ external_conversation_id: first.id, link: 'manual', linked_by: 'Lena' });
    expect(linked.link_evidence).toEqual([{ kind: 'manual', weight: 'for', detail: 'Linked by Lena' }]);
    await waitFor(
      async () =>
        (await t.timeline(first.id)).some(
          (e) => e.event.event_name === 'console_hitl_pending' && e.event.step_id === found.step_id,
        ),
      3000,
      'the step on the linked run',
    );

    const [clearedStatus, cleared] = await t.put(found.step_id, { conversation_id: null }, lead);
    expect(clearedStatus).toBe(200);
    expect(cleared).toMatchObject({ external_conversation_id: null, link: null, linked_by: 'Lena' });
    await t.run(PROCEDURE_IDS.refund, user);
    expect(await t.step(found.step_id)).toMatchObject({ external_conversation_id: null, linked_by: 'Lena' });

    const audit = (await listAudit((await t.box.h.ctx()).db, found.step_id)).filter(
      (a) => a.action === 'hitl.link',
    );
    expect(
      audit.map((a) => [a.actor, (a.detail as { conversation_id: string | null }).conversation_id]),
    ).toEqual([
      ['Lena', null],
      ['Lena', first.id],
    ]);
  });

  it('does not give a run a step that arrived before the console asked for the run', async () => {
    // A run started elsewhere (another console, Intercom itself): its step has no run here.
    const elsewhere = uid('elsewhere');
    const started = await finCall(
      t.box.h.sim.url,
      TOKEN,
      `/fin/procedures/${PROCEDURE_IDS.planUpgrade}/run`,
      {
        conversation_id: elsewhere,
        user: { id: uid('elsewhere-user'), attributes: { plan_type: 'Pro' } },
      },
    );
    expect(started.status).toBe(200);
    const foreign = await t.stepOf(elsewhere);
    expect(foreign.link).toBeNull();

    // The console's own run moments later; its step is held back until the run is recorded.
    const user = { id: uid('mine'), attributes: { plan_type: 'Pro' } };
    const [known] = await json(
      capabilitiesRoute.POST(jsonRequest('/api/fin/capabilities', { user }), params({})),
    );
    expect(known).toBe(200);
    t.box.h.bridge.paused = true;
    try {
      const { id } = await t.run(PROCEDURE_IDS.planUpgrade, user);
      const intercomId = String((await simConversation(t.box.h.sim.url, id)).intercom_conversation_id);
      const item = await waitFor(
        async () =>
          (
            (await (await fetch(`${t.box.h.sim.url}/_sim/hitl`)).json()) as {
              hitl_notifications: HitlNotification[];
            }
          ).hitl_notifications.find((n) => n.conversation_id === intercomId),
        5000,
        "the run's HITL request",
      );
      const raw = JSON.stringify({
        type: 'notification_event',
        topic: 'procedure.hitl_notification.created',
        id: `notif_${item.step_id}`,
        created_at: Math.floor(Date.now() / 1000),
        data: { type: 'notification_event_data', item },
      });
      const [delivered] = await json(deliverWebhook(raw, 'app'));
      expect(delivered).toBe(200);
      expect(await t.linked(item.step_id)).toMatchObject({ external_conversation_id: id, link: 'inferred' });
      expect(await t.step(foreign.step_id)).toMatchObject({ external_conversation_id: null, link: null });
    } finally {
      t.box.h.bridge.paused = false;
    }
  });

  it('refuses bad link requests with an error.list', async () => {
    const { id } = await t.run(PROCEDURE_IDS.accountDeletion, { id: uid('bad-user') });
    const { step_id } = await t.linked((await t.stepOf(id)).step_id);
    const cases: [unknown, number, RegExp][] = [
      [{ conversation_id: 'no-such-conversation' }, 400, /No conversation "no-such-conversation"/],
      [{ conversation_id: '' }, 400, /must not be empty/],
      [{ conversation_id: 42 }, 400, /./],
      [{}, 400, /./],
      [{ conversation_id: id, extra: true }, 400, /./],
    ];
    for (const [body, status, message] of cases) {
      const [got, answer] = await t.put(step_id, body);
      expect(got, JSON.stringify(body)).toBe(status);
      expect(answer).toMatchObject({ type: 'error.list' });
      expect(answer.errors?.[0]?.message).toMatch(message);
    }
    const [missing, answer] = await t.put('no-such-step', { conversation_id: id });
    expect(missing).toBe(404);
    expect(answer.errors?.[0]?.message).toBe('No such HITL step');
    expect((await t.step(step_id)).link).toBe('inferred');
  });
});

describe('with Intercom ids in answers (the unmerged spec branch)', () => {
  const t = harnessSteps(true);

  it('links by Intercom id, which a lead cannot override', async () => {
    const { id, answer } = await t.run(PROCEDURE_IDS.accountDeletion, { id: uid('id-user') });
    expect(answer.intercom_conversation_id).toMatch(/^\d+$/);
    const found = await t.stepOf(id);
    expect(await t.linked(found.step_id)).toMatchObject({
      external_conversation_id: id,
      link: 'intercom_id',
      link_evidence: [
        {
          kind: 'intercom_id',
          weight: 'for',
          detail: `Fin answered with Intercom conversation ${String(answer.intercom_conversation_id)}`,
        },
      ],
    });
    const [status, body] = await t.put(found.step_id, { conversation_id: null });
    expect(status).toBe(409);
    expect(body.errors?.[0]?.message).toMatch(/by its Intercom conversation id/);
    expect((await t.step(found.step_id)).link).toBe('intercom_id');
  });
});
