import { describe, expect, it } from 'vitest';
import {
  errorListSchema,
  hitlNotificationSchema,
  MESSAGES,
  notificationEventSchema,
  type FinEvent,
  type HitlNotification,
} from '@/lib/fin';
import {
  eventFlow,
  PROCEDURE_IDS,
  runProcedure,
  PROCEDURES,
  replyAndRead,
  say,
  simAdvanceClock,
  simConversation,
  simRigPerFile,
  subscribe,
  verifyHubSignature,
  waitFor,
} from '@/testing/sim';

const rig = simRigPerFile();

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const user = {
  id: 'u-hitl',
  name: 'Jane Doe',
  email: 'jane@example.com',
  attributes: { plan_type: 'Pro', vip: true },
};

/** The Intercom id of a conversation: answers don't carry it, the simulator's state does. */
const intercomIdOf = async (conversationId: string) =>
  String((await simConversation(rig.url, conversationId)).intercom_conversation_id);

/** The HITL notification item delivered for a conversation (named by its external id). */
async function notification(conversationId: string): Promise<HitlNotification> {
  const intercomId = await intercomIdOf(conversationId);
  const w = await rig.hooks.waitFor(
    (h) => h.json?.type === 'notification_event' && h.json.data.item.conversation_id === intercomId,
  );
  return hitlNotificationSchema.parse(w.json.data.item);
}

const submit = (
  item: Pick<HitlNotification, 'callback_url' | 'step_id'>,
  values: unknown[],
  stepId = item.step_id,
) => rig.call(new URL(item.callback_url).pathname, { step_id: stepId, attribute_values: values });

/** identifier → value, by attribute name. */
const values = (item: HitlNotification, byName: Record<string, unknown>) =>
  item.attributes_to_collect.map((a) => ({ identifier: a.identifier, value: byName[a.name] }));

const statusFlow = (events: FinEvent[]) =>
  events
    .filter((e) => e.event_name === 'fin_status_updated')
    .map((e) => (e.event_name === 'fin_status_updated' ? [e.status, e.reason ?? null] : null));

const logged = async (id: string) => (await simConversation(rig.url, id)).events as FinEvent[];

function errors(res: { status: number; body: unknown }, status: number) {
  expect(res.status).toBe(status);
  return errorListSchema.parse(res.body).errors;
}

describe('HITL round trip', () => {
  it('refund: ask, notify, collect, then continue down the approved branch with the values', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.refund, 'refund', user);
    const intercomId = await intercomIdOf('refund');
    await (
      await subscribe(run.body.sse_subscription_url)
    ).done;
    const reply = await rig.call('/fin/reply', {
      conversation_id: 'refund',
      message: say('Order #12345'),
      user,
    });
    const stream = await subscribe(reply.body.sse_subscription_url);

    const w = await rig.hooks.waitFor((h) => h.json?.type === 'notification_event');
    expect(verifyHubSignature(rig.webhookSecret, w)).toBe(true);
    const envelope = notificationEventSchema.parse(w.json);
    expect(envelope).toMatchObject({
      type: 'notification_event',
      topic: 'procedure.hitl_notification.created',
      id: expect.stringMatching(new RegExp(`^notif_${UUID}$`)),
      app_id: 'sim_app',
      delivery_attempts: 1,
      data: { type: 'notification_event_data' },
    });
    expect(envelope.first_sent_at).toBe(envelope.created_at);
    const item = hitlNotificationSchema.parse(envelope.data.item);
    const def = PROCEDURES.find((p) => p.id === PROCEDURE_IDS.refund)!;
    expect(item).toMatchObject({
      type: 'procedure.hitl_notification',
      app_id: 'sim_app',
      conversation_id: intercomId,
      step_id: expect.stringMatching(new RegExp(`^${UUID}$`)),
      procedure_name: def.name,
      hitl_question: 'Should we approve the refund for order Order #12345?',
      callback_url: `${rig.url}/procedures/${intercomId}/collect_agent_input`,
      expires_at: null,
      priority: 'priority',
      assign_to: { type: 'team', id: '814865', name: 'Billing' },
      conversation_url: expect.stringContaining(intercomId),
    });
    expect(item.attributes_to_collect.map((a) => [a.name, a.data_type])).toEqual([
      ['Approve Refund', 'boolean'],
      ['Refund Reason', 'list'],
      ['Refund Amount', 'decimal'],
    ]);
    for (const a of item.attributes_to_collect) {
      expect(a.type).toBe('data_attribute');
      expect(a.identifier).toMatch(new RegExp(`^workflow_local_variables\\.${UUID}$`));
      expect('options' in a).toBe(a.data_type === 'list');
    }
    const reason = item.attributes_to_collect[1]!;
    expect(reason.options?.map((o) => o.label)).toEqual([
      'Defective product',
      'Changed mind',
      'Arrived late',
    ]);
    expect(item.recent_messages).toHaveLength(4);
    expect(item.recent_messages?.map((m) => [m.author.type, m.part_type])).toEqual([
      ['bot', 'comment'],
      ['bot', 'comment'],
      ['user', 'comment'],
      ['bot', 'comment'],
    ]);
    expect(item.recent_messages?.[2]).toMatchObject({
      type: 'conversation_part',
      id: expect.stringMatching(/^\d+$/),
      body: '<p>Order #12345</p>',
      created_at: expect.any(Number),
      author: { type: 'user', id: 'u-hitl', name: 'Jane Doe', email: 'jane@example.com' },
    });
    expect(item.recent_messages?.[0]?.author).toEqual({
      type: 'bot',
      id: expect.any(String),
      name: 'Fin',
      email: null,
    });
    expect((await simConversation(rig.url, 'refund')).phase).toBe('awaiting_agent');

    const res = await submit(
      item,
      values(item, {
        'Approve Refund': true,
        'Refund Reason': reason.options![0]!.id,
        'Refund Amount': 42.5,
      }),
    );
    expect(res).toEqual({ status: 200, body: {} });
    expect(await stream.done).toBe('closed');
    const approved = stream.events.find(
      (e) => e.event_name === 'fin_replied' && e.message.body.includes('approved'),
    );
    expect(approved?.event_name === 'fin_replied' && approved.message.body).toContain(
      '<strong>$42.50</strong> (Defective product)',
    );
    expect(statusFlow(stream.events)).toEqual([
      ['resolved', null],
      ['complete', null],
    ]);
    expect(stream.events.at(-1)?.event_name).toBe('csat_requested');
  });

  it('refund: a declined request branches to an escalation', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.refund, 'declined', user);
    await rig.call('/fin/reply', { conversation_id: 'declined', message: say('A-1'), user });
    const item = await notification(run.body.conversation_id);
    const reason = item.attributes_to_collect[1]!.options![1]!.id;
    expect(
      (
        await submit(
          item,
          values(item, { 'Approve Refund': false, 'Refund Reason': reason, 'Refund Amount': 10 }),
        )
      ).status,
    ).toBe(200);
    await waitFor(async () => (await simConversation(rig.url, 'declined')).phase === 'escalated');
    expect(statusFlow(await logged('declined')).slice(-2)).toEqual([
      ['escalated', 'Routed to team'],
      ['complete', null],
    ]);
  });

  it.each([
    [60, '2025-03-01T09:00:00Z', 'escalated', 'Escalation rule: Enterprise upgrades'],
    [12, 1767225600, 'resolved', null],
  ])(
    'plan upgrade branches on the integer seat count (%i seats)',
    async (seats, effective, status, reason) => {
      const id = `upgrade-${seats}`;
      const run = await runProcedure(rig, PROCEDURE_IDS.planUpgrade, id, user);
      const item = await notification(run.body.conversation_id);
      expect(item.assign_to).toEqual({ type: 'team', id: '814870', name: 'Sales' });
      expect(item.priority).toBe('not_priority');
      expect((await submit(item, values(item, { Seats: seats, 'Effective Date': effective }))).status).toBe(
        200,
      );
      await waitFor(async () =>
        ['escalated', 'complete'].includes(String((await simConversation(rig.url, id)).phase)),
      );
      const events = await logged(id);
      expect(statusFlow(events)[0]).toEqual([status, reason]);
      if (status === 'resolved') {
        const confirm = events.findLast((e) => e.event_name === 'fin_replied');
        expect(confirm?.event_name === 'fin_replied' && confirm.message.body).toContain('1 Jan 2026');
      }
    },
  );

  it('priority callback takes a datetime, a list option and free text, assigned to a team', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.priorityCallback, 'callback', user);
    const item = await notification(run.body.conversation_id);
    expect(item.attributes_to_collect.map((a) => a.data_type)).toEqual(['datetime', 'list', 'string']);
    const topic = item.attributes_to_collect[1]!.options!.find((o) => o.label === 'Technical issue')!.id;
    const res = await submit(
      item,
      values(item, {
        'Callback Time': '2025-01-15T09:30:00Z',
        Topic: topic,
        'Call Notes': 'Bring <the> logs',
      }),
    );
    expect(res.status).toBe(200);
    await waitFor(async () => (await simConversation(rig.url, 'callback')).phase === 'complete');
    const confirm = (await logged('callback')).find(
      (e) => e.event_name === 'fin_replied' && e.message.body.includes('booked'),
    );
    expect(confirm?.event_name === 'fin_replied' && confirm.message.body).toBe(
      "<p>You're booked: we'll call you on 15 Jan 2025, 09:30 UTC about <strong>Technical issue</strong>. Bring &lt;the&gt; logs</p>",
    );
  });

  it('a user reply while the step is pending gets a holding answer, and the step still completes', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.planUpgrade, 'holding', user);
    const item = await notification(run.body.conversation_id);
    const { sub } = await replyAndRead(rig, 'holding', 'Any news?', user);
    expect(eventFlow(sub.events)).toEqual(['fin_replied', 'status:awaiting_user_reply']);
    expect((await submit(item, values(item, { Seats: 5, 'Effective Date': 1767225600 }))).status).toBe(200);
    await waitFor(async () => (await simConversation(rig.url, 'holding')).phase === 'complete');
  });
  it('pending requests are listed on the control plane until answered', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.planUpgrade, 'listed', user);
    const item = await notification(run.body.conversation_id);
    const pending = async () =>
      ((await (await fetch(`${rig.url}/_sim/hitl`)).json()) as { hitl_notifications: HitlNotification[] })
        .hitl_notifications;
    expect(await pending()).toEqual([item]);
    expect((await submit(item, values(item, { Seats: 2, 'Effective Date': 1767225600 }))).status).toBe(200);
    expect(await pending()).toEqual([]);
  });
});

describe('collect_agent_input errors', () => {
  async function pendingUpgrade(id: string) {
    const run = await runProcedure(rig, PROCEDURE_IDS.planUpgrade, id, user);
    return notification(run.body.conversation_id);
  }

  it('404 Resource Not Found for an unknown conversation or a step_id that does not match', async () => {
    const item = await pendingUpgrade('nf');
    const good = values(item, { Seats: 3, 'Effective Date': '2025-01-15T09:30:00Z' });
    expect(
      errors(
        await rig.call('/procedures/1/collect_agent_input', {
          step_id: item.step_id,
          attribute_values: good,
        }),
        404,
      ),
    ).toEqual([{ code: 'not_found', message: MESSAGES.resourceNotFound }]);
    expect(errors(await submit(item, good, '00000000-0000-4000-8000-000000000000'), 404)).toEqual([
      { code: 'not_found', message: MESSAGES.resourceNotFound },
    ]);
    expect((await submit(item, good)).status).toBe(200);
  });

  it('400 with one message per attribute for wrong types, missing and unknown attributes; the step stays open', async () => {
    const item = await pendingUpgrade('types');
    const [seats, date] = item.attributes_to_collect;
    const list = errors(
      await submit(item, [
        { identifier: seats!.identifier, value: 2.5 },
        { identifier: date!.identifier, value: 'next tuesday' },
        { identifier: 'workflow_local_variables.nope', value: 'x' },
      ]),
      400,
    );
    expect(list).toEqual([
      {
        code: 'parameter_invalid',
        field: seats!.identifier,
        message: "Value for attribute 'Seats' must be a whole number",
      },
      {
        code: 'parameter_invalid',
        field: date!.identifier,
        message:
          "Value for attribute 'Effective Date' must be an ISO 8601 date-time string or a Unix timestamp",
      },
      {
        code: 'parameter_invalid',
        field: 'workflow_local_variables.nope',
        message: "Attribute 'workflow_local_variables.nope' is not collected by this HITL step",
      },
    ]);
    expect(
      errors(await submit(item, [{ identifier: seats!.identifier, value: '3' }]), 400).map((e) => e.message),
    ).toEqual([
      "Value for attribute 'Seats' must be a whole number",
      "A value is required for attribute 'Effective Date'",
    ]);
    expect(
      errors(await rig.call(new URL(item.callback_url).pathname, { attribute_values: [] }), 400).map(
        (e) => e.message,
      ),
    ).toEqual(['step_id is required']);
    expect((await submit(item, values(item, { Seats: 3, 'Effective Date': '2025-01-15' }))).status).toBe(200);
  });

  it('400 for boolean, decimal, list and string values of the wrong type', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.refund, 'types-2', user);
    await rig.call('/fin/reply', { conversation_id: 'types-2', message: say('A-2'), user });
    const item = await notification(run.body.conversation_id);
    const list = errors(
      await submit(
        item,
        values(item, {
          'Approve Refund': 'yes',
          'Refund Reason': 'Defective product',
          'Refund Amount': '12.5',
        }),
      ),
      400,
    );
    expect(list.map((e) => e.message)).toEqual([
      "Value for attribute 'Approve Refund' must be true or false",
      expect.stringMatching(
        /^Value for attribute 'Refund Reason' must be one of the option ids: 85f00ba7-558c-4b02-a397-6f5c3659941c \(Defective product\), /,
      ),
      "Value for attribute 'Refund Amount' must be a number",
    ]);
    const deletion = await runProcedure(rig, PROCEDURE_IDS.accountDeletion, 'types-3', user);
    const del = await notification(deletion.body.conversation_id);
    expect(
      errors(
        await submit(del, values(del, { 'Identity Verified': true, 'Verification Notes': 42 })),
        400,
      ).map((e) => e.message),
    ).toEqual(["Value for attribute 'Verification Notes' must be a string"]);
  });

  it('409 once the request has been fulfilled', async () => {
    const item = await pendingUpgrade('twice');
    const good = values(item, { Seats: 3, 'Effective Date': 1767225600 });
    expect((await submit(item, good)).status).toBe(200);
    expect(errors(await submit(item, good), 409)).toEqual([
      { code: 'conflict', message: MESSAGES.hitlFulfilled },
    ]);
  });

  it('an expired request answers 404 expired and the procedure takes its timeout path', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.accountDeletion, 'expiry', user);
    const item = await notification(run.body.conversation_id);
    const nowS =
      Date.parse(((await (await fetch(`${rig.url}/_sim/clock`)).json()) as { now: string }).now) / 1000;
    expect(item.expires_at).toBeGreaterThan(nowS + 890);
    expect(item.expires_at).toBeLessThanOrEqual(nowS + 901);
    expect(item.assign_to).toEqual({ type: 'admin', id: '991201', name: 'Alex Morgan' });
    await simAdvanceClock(rig.url, 901_000);
    await waitFor(async () => (await simConversation(rig.url, 'expiry')).phase === 'escalated');
    const events = await logged('expiry');
    expect(events.some((e) => e.event_name === 'fin_replied' && e.message.body.includes('in time'))).toBe(
      true,
    );
    expect(statusFlow(events)).toEqual([
      ['escalated', 'Conversation finished without resolution'],
      ['complete', null],
    ]);
    expect(
      errors(
        await submit(item, values(item, { 'Identity Verified': true, 'Verification Notes': 'ID checked' })),
        404,
      ),
    ).toEqual([{ code: 'not_found', message: MESSAGES.hitlExpired }]);
  });

  it('escalating the conversation withdraws its pending request', async () => {
    const item = await pendingUpgrade('withdrawn');
    expect((await rig.call('/fin/escalate', { conversation_id: 'withdrawn' })).status).toBe(200);
    expect(errors(await submit(item, values(item, { Seats: 3, 'Effective Date': 1767225600 })), 404)).toEqual(
      [{ code: 'not_found', message: MESSAGES.resourceNotFound }],
    );
    await waitFor(async () => (await simConversation(rig.url, 'withdrawn')).phase === 'escalated');
  });
});
