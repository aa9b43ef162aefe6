import { describe, expect, it } from 'vitest';
import {
  conversationResponseSchema,
  errorListSchema,
  escalateResponseSchema,
  INTERCOM_VERSIONS,
  MESSAGES,
  runProcedureResponseSchema,
} from '@/lib/fin';
import { finCall, PROCEDURE_IDS, simConversation, simRigPerFile, startSimRig } from '@/testing/sim';

const rig = simRigPerFile({ webhookUrl: undefined });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const message = {
  author: 'user',
  body: 'How do I reset my password?',
  timestamp: '2025-01-24T10:01:20.000Z',
};
const user = { id: 'u-1', name: 'Jane Doe', email: 'jane@example.com' };

/** Asserts an error.list with a uuid request_id and returns its messages. */
function errorMessages(res: { status: number; body: unknown }, status: number) {
  expect(res.status).toBe(status);
  const body = errorListSchema.parse(res.body);
  expect(body.request_id).toMatch(UUID);
  return body.errors.map((e) => e.message);
}

const ENDPOINTS = [
  '/fin/capabilities',
  '/fin/ask',
  '/fin/reply',
  '/fin/start',
  `/fin/procedures/${PROCEDURE_IDS.refund}/run`,
  '/fin/escalate',
  '/fin/csat',
  '/procedures/215473853299345/collect_agent_input',
];

describe('authentication', () => {
  it.each(ENDPOINTS)(
    '%s answers 401 Access Token Invalid without or with a wrong bearer token',
    async (path) => {
      for (const authorization of [undefined, 'Bearer wrong', 'Basic abc']) {
        const res = await fetch(`${rig.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ user }),
        });
        const body = await res.json();
        expect(res.status).toBe(401);
        expect(body).toEqual({
          type: 'error.list',
          request_id: expect.stringMatching(UUID),
          errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
        });
      }
    },
  );
});

describe('two credentials', () => {
  const post = (path: string, token: string, body: unknown = { user }) => finCall(rig.url, token, path, body);

  it('the Fin Agent API key is refused on collect_agent_input and /me with the documented 401', async () => {
    const hitl = await post('/procedures/215473853299345/collect_agent_input', rig.token, {
      step_id: 's',
      attribute_values: [],
    });
    expect(hitl).toEqual({
      status: 401,
      body: {
        type: 'error.list',
        request_id: expect.stringMatching(UUID) as unknown,
        errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }],
      },
    });
    const me = await fetch(`${rig.url}/me`, { headers: { authorization: `Bearer ${rig.token}` } });
    expect(me.status).toBe(401);
    expect(
      (await fetch(`${rig.url}/me`, { headers: { authorization: `Bearer ${rig.appToken}` } })).status,
    ).toBe(200);
  });

  it('the app token works on /fin/* too, and past auth on collect_agent_input', async () => {
    expect((await post('/fin/capabilities', rig.appToken)).status).toBe(200);
    const hitl = await post('/procedures/215473853299345/collect_agent_input', rig.appToken, {
      step_id: 's',
      attribute_values: [],
    });
    expect(errorMessages(hitl, 404)).toEqual([MESSAGES.resourceNotFound]);
  });
});

describe('Intercom-Version', () => {
  const withVersion = (version: string | null) =>
    fetch(`${rig.url}/fin/capabilities`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${rig.token}`,
        'content-type': 'application/json',
        ...(version === null ? {} : { 'intercom-version': version }),
      },
      body: JSON.stringify({ user }),
    });

  it('absent means the app default (Preview); every documented version is accepted', async () => {
    const res = await withVersion(null);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { version: string }).version).toBe('Preview');
    for (const v of INTERCOM_VERSIONS) expect((await withVersion(v)).status).toBe(200);
  });

  it.each(['3.0', 'preview', ''])('"%s" is a 400 intercom_version_invalid naming the value', async (v) => {
    const res = await withVersion(v);
    const body = errorListSchema.parse(await res.json());
    expect(res.status).toBe(400);
    expect(body.errors[0]?.code).toBe('intercom_version_invalid');
    expect(body.errors[0]?.message).toContain(`"${v}"`);
  });
});

describe('request errors', () => {
  it('malformed JSON is a 400 error.list', async () => {
    const res = await rig.call('/fin/ask', '{"conversation_id": ');
    expect(errorMessages(res, 400)).toEqual(['Request body is not valid JSON']);
    expect(res.body.errors[0].code).toBe('parameter_invalid');
  });

  it('an unknown path or method is 404 Resource Not Found', async () => {
    expect(errorMessages(await rig.call('/fin/nope', {}), 404)).toEqual([MESSAGES.resourceNotFound]);
    const res = await fetch(`${rig.url}/fin/ask`, { headers: { authorization: `Bearer ${rig.token}` } });
    expect(res.status).toBe(404);
    expect(errorListSchema.parse(await res.json()).errors[0]?.message).toBe(MESSAGES.resourceNotFound);
  });

  it('ask names a missing conversation id and user id, and caps history and attributes', async () => {
    expect(errorMessages(await rig.call('/fin/ask', { message, user: {} }), 400)).toEqual([
      MESSAGES.externalConversationIdRequired,
      MESSAGES.userIdRequired,
    ]);
    expect(errorMessages(await rig.call('/fin/ask', { conversation_id: 'a', message }), 400)).toEqual([
      MESSAGES.userIdRequired,
    ]);
    expect(errorMessages(await rig.call('/fin/capabilities', {}), 400)).toEqual([MESSAGES.userIdRequired]);
    const history = Array.from({ length: 11 }, () => message);
    expect(
      errorMessages(
        await rig.call('/fin/ask', {
          conversation_id: 'a',
          message,
          user,
          conversation_metadata: { history },
        }),
        400,
      ),
    ).toEqual([MESSAGES.historyTooLong]);
    const attributes = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, i]));
    expect(
      errorMessages(
        await rig.call('/fin/ask', { conversation_id: 'a', message, user: { id: 'u', attributes } }),
        400,
      ),
    ).toEqual([MESSAGES.tooManyAttributes]);
  });

  it('start and reply need a conversation_id; reply needs a known conversation', async () => {
    expect(errorMessages(await rig.call('/fin/start', { message, user }), 400)).toEqual([
      MESSAGES.conversationIdRequired,
    ]);
    expect(errorMessages(await rig.call('/fin/reply', { message, user }), 400)).toEqual([
      MESSAGES.conversationIdRequired,
    ]);
    expect(
      errorMessages(await rig.call('/fin/reply', { conversation_id: 'never-seen', message, user }), 400),
    ).toEqual([MESSAGES.conversationNotFound]);
  });

  it('capabilities refuses more than 10 attributes', async () => {
    const attributes = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, i]));
    expect(
      errorMessages(await rig.call('/fin/capabilities', { user: { id: 'u', attributes } }), 400),
    ).toEqual([MESSAGES.tooManyAttributes]);
  });

  it('run: not found, not live, no API trigger, session already exists', async () => {
    const body = { conversation_id: 'run-1', user };
    expect(errorMessages(await rig.call('/fin/procedures/999/run', body), 400)).toEqual([
      MESSAGES.procedureNotFound,
    ]);
    expect(
      errorMessages(await rig.call(`/fin/procedures/${PROCEDURE_IDS.dataExport}/run`, body), 400),
    ).toEqual([MESSAGES.procedureNotLive]);
    expect(
      errorMessages(await rig.call(`/fin/procedures/${PROCEDURE_IDS.shippingAddress}/run`, body), 400),
    ).toEqual([MESSAGES.procedureNoApiTrigger]);
    expect((await rig.call(`/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`, body)).status).toBe(200);
    expect(
      errorMessages(await rig.call(`/fin/procedures/${PROCEDURE_IDS.orderStatus}/run`, body), 400),
    ).toEqual([MESSAGES.sessionExists]);
  });

  it('start and ask refuse an id that already has a Fin session', async () => {
    expect((await rig.call('/fin/start', { conversation_id: 'dup', message, user })).status).toBe(200);
    expect(
      errorMessages(await rig.call('/fin/start', { conversation_id: 'dup', message, user }), 400),
    ).toEqual([MESSAGES.sessionExists]);
    expect(errorMessages(await rig.call('/fin/ask', { conversation_id: 'dup', message, user }), 400)).toEqual(
      [MESSAGES.sessionExists],
    );
  });

  it('escalate needs exactly one target and a known conversation', async () => {
    expect(errorMessages(await rig.call('/fin/escalate', {}), 400)).toEqual([MESSAGES.escalateNeedsTarget]);
    expect(errorMessages(await rig.call('/fin/escalate', { conversation_id: 'x', user }), 400)).toEqual([
      MESSAGES.escalateNeedsTarget,
    ]);
    expect(errorMessages(await rig.call('/fin/escalate', { conversation_id: 'missing' }), 400)).toEqual([
      MESSAGES.conversationNotFound,
    ]);
  });
});

describe('answers', () => {
  const SSE = (id: string) =>
    new RegExp(
      `^${rig.url}/event-stream\\?channels=fin_agent_api:sim_app:${id}&accessToken=[\\w-]+\\.[\\w-]+\\.[\\w-]+`,
    );
  const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

  it('start, ask and run answer thinking with a rewind stream URL; reply without rewind', async () => {
    const start = await rig.call('/fin/start', { conversation_id: 's-1', message, user });
    const ask = await rig.call('/fin/ask', { conversation_id: 'a-1', message, user });
    const run = await rig.call(`/fin/procedures/${PROCEDURE_IDS.refund}/run`, {
      conversation_id: 'r-1',
      user,
      message: { author: 'agent', body: 'Starting your refund request.' },
    });
    for (const [res, id] of [
      [start, 's-1'],
      [ask, 'a-1'],
      [run, 'r-1'],
    ] as const) {
      expect(res.status).toBe(200);
      const body = conversationResponseSchema.parse(res.body);
      expect(body).toMatchObject({ conversation_id: id, user_id: 'u-1', status: 'thinking' });
      expect(body.created_at_ms).toMatch(ISO_MS);
      expect(body.sse_subscription_url).toMatch(SSE(id));
      expect(body.sse_subscription_url).toMatch(/&rewind=2m$/);
      // Documented on /fin/escalate only: a real workspace's answers don't carry it.
      expect(Object.keys(res.body)).not.toContain('intercom_conversation_id');
      expect(body.errors).toBeUndefined();
    }
    expect(runProcedureResponseSchema.parse(run.body).procedure_id).toBe(PROCEDURE_IDS.refund);
    expect(Object.keys(start.body)).not.toContain('procedure_id');

    const reply = await rig.call('/fin/reply', {
      conversation_id: 's-1',
      message: { author: 'user', body: 'thanks' },
      user,
    });
    expect(reply.status).toBe(200);
    const body = conversationResponseSchema.parse(reply.body);
    expect(body.sse_subscription_url).toMatch(SSE('s-1'));
    expect(body.sse_subscription_url).not.toContain('rewind');
    expect(body.sse_subscription_url).not.toBe(start.body.sse_subscription_url);
    expect(Object.keys(reply.body)).not.toContain('intercom_conversation_id');
  });

  it('with intercomIds (the unmerged spec branch) every conversation answer carries the Intercom id', async () => {
    const branch = await startSimRig({ webhookUrl: undefined, intercomIds: true });
    try {
      const run = await branch.call(`/fin/procedures/${PROCEDURE_IDS.refund}/run`, {
        conversation_id: 'r-2',
        user,
      });
      const reply = await branch.call('/fin/reply', { conversation_id: 'r-2', message, user });
      const intercomId = (await simConversation(branch.url, 'r-2')).intercom_conversation_id;
      expect(intercomId).toMatch(/^\d{12,}$/);
      expect(conversationResponseSchema.parse(run.body).intercom_conversation_id).toBe(intercomId);
      expect(conversationResponseSchema.parse(reply.body).intercom_conversation_id).toBe(intercomId);
    } finally {
      await branch.close();
    }
  });

  it('escalating an existing conversation echoes it with a rewind stream; escalating a user creates one', async () => {
    await rig.call('/fin/ask', { conversation_id: 'esc-1', message, user });
    const existing = await rig.call('/fin/escalate', {
      conversation_id: 'esc-1',
      context: 'Customer is frustrated.',
    });
    expect(existing.status).toBe(200);
    expect(Object.keys(existing.body).sort()).toEqual(['conversation_id', 'sse_subscription_url', 'status']);
    expect(escalateResponseSchema.parse(existing.body)).toMatchObject({
      conversation_id: 'esc-1',
      status: 'escalated',
    });
    expect(existing.body.sse_subscription_url).toMatch(/&rewind=2m$/);

    const created = await rig.call('/fin/escalate', { user: { id: 'u-2', name: 'Sam' } });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      intercom_conversation_id: expect.stringMatching(/^\d{12,}$/),
      status: 'escalated',
    });
    const conv = await simConversation(rig.url, created.body.intercom_conversation_id);
    expect(conv).toMatchObject({
      kind: 'escalation',
      phase: 'escalated',
      resolution_state: 'escalated',
      user_id: 'u-2',
    });
    expect(conv.parts).toEqual([
      expect.objectContaining({
        body: '<p>Requesting human support</p>',
        author: expect.objectContaining({ type: 'user', name: 'Sam' }),
      }),
    ]);

    const custom = await rig.call('/fin/escalate', {
      user: { id: 'u-2' },
      message: 'I need help with my billing issue',
      context: 'VIP',
    });
    const parts = (await simConversation(rig.url, custom.body.intercom_conversation_id)).parts as Array<{
      body: string;
      part_type: string;
    }>;
    expect(parts.map((p) => [p.part_type, p.body])).toEqual([
      ['comment', '<p>I need help with my billing issue</p>'],
      ['note', '<p>VIP</p>'],
    ]);
  });
});

describe('users and attributes', () => {
  it('reports unknown and mistyped attributes without failing, and stores only valid ones', async () => {
    const res = await rig.call('/fin/start', {
      conversation_id: 'attr-1',
      message,
      user: { id: 'u-3', attributes: { plan_type: 'Pro', invalid_attr: 1, seats: 2.5, vip: 'yes' } },
      conversation_metadata: { attributes: { order_id: '98765', priority_level: 1234, bad_attr: true } },
    });
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual({
      user: {
        attributes: {
          invalid_attr: "User attribute 'invalid_attr' does not exist",
          seats: "'2.5' is not a valid value for attribute 'seats' of type 'integer'",
          vip: "'yes' is not a valid value for attribute 'vip' of type 'boolean'",
        },
      },
      conversation: {
        attributes: {
          priority_level: "'1234' is not a valid value for attribute 'priority_level' of type 'string'",
          bad_attr: "Conversation attribute 'bad_attr' does not exist",
        },
      },
    });
    const conv = await simConversation(rig.url, 'attr-1');
    expect(conv.attributes).toEqual({ order_id: '98765' });
  });

  it('upserts users: email overwrites, attributes merge', async () => {
    await rig.call('/fin/capabilities', {
      user: { id: 'u-4', email: 'old@example.com', attributes: { plan_type: 'Starter', country: 'FR' } },
    });
    await rig.call('/fin/capabilities', {
      user: { id: 'u-4', email: 'new@example.com', attributes: { plan_type: 'Pro', seats: 12 } },
    });
    const { users } = (await (await fetch(`${rig.url}/_sim/users`)).json()) as {
      users: Array<{ id: string }>;
    };
    expect(users.filter((u) => u.id === 'u-4')).toEqual([
      { id: 'u-4', email: 'new@example.com', attributes: { plan_type: 'Pro', country: 'FR', seats: 12 } },
    ]);
  });
});

describe('capabilities', () => {
  async function procedureNames(attributes?: Record<string, unknown>, id = 'cap-user') {
    const res = await rig.call('/fin/capabilities', { user: { id, ...(attributes ? { attributes } : {}) } });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe('Preview');
    return res.body.capabilities as Array<{
      type: string;
      name?: string;
      id?: string;
      endpoint: string;
      method: string;
      description: string;
    }>;
  }

  it('lists live, API-triggerable procedures matching the user, then reply, ask and escalate', async () => {
    const caps = await procedureNames();
    expect(caps.map((c) => c.name ?? c.type)).toEqual([
      'Refund request',
      'Reset password',
      'Account deletion',
      'Order status',
      'reply',
      'ask',
      'escalate',
    ]);
    expect(caps[0]).toEqual({
      type: 'procedure',
      id: PROCEDURE_IDS.refund,
      name: 'Refund request',
      description: expect.any(String),
      endpoint: `/fin/procedures/${PROCEDURE_IDS.refund}/run`,
      method: 'POST',
    });
    for (const c of caps.slice(-3)) {
      expect(c).toEqual({
        type: c.type,
        description: expect.any(String),
        endpoint: `/fin/${c.type}`,
        method: 'POST',
      });
    }
  });

  it('different users get different procedures', async () => {
    const names = async (attributes: Record<string, unknown>, id: string) =>
      (await procedureNames(attributes, id)).filter((c) => c.type === 'procedure').map((c) => c.name);
    const pro = await names({ plan_type: 'Pro' }, 'pro');
    expect(pro).toEqual(expect.arrayContaining(['Plan upgrade', 'Billing dispute']));
    const enterprise = await names({ plan_type: 'Enterprise' }, 'ent');
    expect(enterprise).toContain('Billing dispute');
    expect(enterprise).not.toContain('Plan upgrade');
    const starter = await names({ plan_type: 'Starter', vip: true }, 'vip');
    expect(starter).toEqual(expect.arrayContaining(['Plan upgrade', 'Priority callback']));
    expect(starter).not.toContain('Billing dispute');
    for (const list of [pro, enterprise, starter]) {
      expect(list).not.toContain('Data export');
      expect(list).not.toContain('Change shipping address');
    }
    // Stored attributes keep matching on later calls that send only the id.
    expect(await names({}, 'pro')).toEqual(pro);
  });
});
