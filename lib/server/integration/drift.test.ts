/** What a real workspace may send that the simulator does not, via a loopback stub that reshapes the simulator's answers. */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HITL_TOPIC, SIGNATURE_HEADERS } from '@/lib/fin';
import type { ConversationDetail, DriftItem, HitlStep } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/testing/sim';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as driftRoute from '@/app/api/drift/route';
import * as askRoute from '@/app/api/fin/ask/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as stepRoute from '@/app/api/hitl-steps/[stepId]/route';
import * as submitRoute from '@/app/api/hitl-steps/[stepId]/submit/route';
import { driftAttacks, minimalHitlNotification } from '@/testing/reliability/attacks/drift';
import type { AttackTarget } from '@/testing/reliability/attacks/types';
import { serveRealtime } from '../realtime-entry';
import { startFinStub, type FinStub } from '@/testing/server/fin-stub';
import { listenLocal } from '@/testing/util';
import {
  actingAs,
  ADMIN_TOKEN,
  CLIENT_SECRET,
  EVENTS_SECRET,
  getRequest,
  jsonRequest,
  params,
  realtime,
  startHarness,
  uid,
  waitFor,
  type Harness,
} from '@/testing/server/harness';

let h: Harness;
let stub: FinStub;
beforeAll(async () => {
  stub = await startFinStub();
  h = await startHarness({ finApiBaseUrl: stub.url });
  stub.target = h.sim.url;
});
afterAll(async () => {
  await h?.close();
  await stub?.close();
});
beforeEach(() => {
  stub.rewrite.clear();
  stub.answer.clear();
  stub.received.length = 0;
});

const user = { id: 'drift-user' };

async function json<T>(res: Response | Promise<Response>): Promise<[number, T]> {
  const r = await res;
  return [r.status, (await r.json()) as T];
}

const conversation = (id: string) =>
  json<ConversationDetail>(conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id })));

const drift = async () => {
  const viewer = await actingAs(h, 'Vera', 'viewer');
  return json<{ items: DriftItem[] }>(driftRoute.GET(getRequest('/api/drift', { as: viewer }), params({})));
};

/** A delivery signed as Fin events (sha256) or app notifications (sha1) are. */
const signed = (kind: 'fin' | 'app', body: unknown) => {
  const raw = JSON.stringify(body);
  const [alg, secret] =
    kind === 'fin' ? (['sha256', EVENTS_SECRET] as const) : (['sha1', CLIENT_SECRET] as const);
  return realtime(
    new Request('http://console.test/api/webhooks/intercom', {
      method: 'POST',
      body: raw,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADERS[kind]]: `${alg}=${createHmac(alg, secret).update(raw).digest('hex')}`,
      },
    }),
  );
};
const signedFin = (event: unknown) => signed('fin', event);
const signedApp = (envelope: unknown) => signed('app', envelope);

describe('a run Fin accepted with an answer off the contract', () => {
  it('is passed through unchanged, tracked, and its drift listed once per kind with a count', async () => {
    stub.rewrite.set('/fin/procedures/', (answer) => ({
      ...(answer as Record<string, unknown>),
      status: 'pondering',
      user_id: null,
      errors: null,
      shiny_new_field: { since: 'tomorrow' },
    }));
    const ids = [uid('drift-run'), uid('drift-run')];
    for (const id of ids) {
      const [status, body] = await json<Record<string, unknown>>(
        runRoute.POST(
          jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`, {
            conversation_id: id,
            user,
          }),
          params({ procedureId: PROCEDURE_IDS.resetPassword }),
        ),
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        conversation_id: id,
        status: 'pondering',
        user_id: null,
        errors: null,
        shiny_new_field: { since: 'tomorrow' },
      });
      const [found, detail] = await conversation(id);
      expect(found).toBe(200);
      expect(detail.conversation).toMatchObject({ id, kind: 'procedure' });
    }
    const [status, { items }] = await drift();
    expect(status).toBe(200);
    const run = items.filter((i) => i.where === 'POST /fin/procedures/{procedure_id}/run');
    expect(run).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'status', received: '"pondering"', count: 2 }),
        expect.objectContaining({ path: 'user_id', expected: 'string', received: 'null', count: 2 }),
        expect.objectContaining({ path: 'errors', expected: 'object', received: 'null', count: 2 }),
      ]),
    );
    expect(run.every((i) => Date.parse(i.first_seen) <= Date.parse(i.last_seen))).toBe(true);
  });
});

describe('Fin events off the contract', () => {
  it('are stored and returned: an unknown event whole, a known one with nulls and a new status as it came', async () => {
    const id = uid('drift-events');
    const unknown = {
      event_name: 'fin_thought_shared',
      conversation_id: id,
      thought: { text: 'Looking at the order' },
      created_at_ms: new Date().toISOString(),
    };
    const odd = {
      event_name: 'fin_status_updated',
      conversation_id: id,
      user_id: null,
      status: 'paused',
      reason: null,
      created_at_ms: new Date().toISOString(),
      extra: 1,
    };
    expect((await signedFin(unknown)).status).toBe(200);
    expect((await signedFin(odd)).status).toBe(200);
    const [found, detail] = await conversation(id);
    expect(found).toBe(200);
    expect(detail.events.map((e) => e.event)).toEqual([
      {
        event_name: 'fin_other_event',
        conversation_id: id,
        name: 'fin_thought_shared',
        created_at_ms: unknown.created_at_ms,
        data: unknown,
      },
      odd,
    ]);
    const [, { items }] = await drift();
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: 'webhook fin_thought_shared',
          path: 'event_name',
          received: '"fin_thought_shared"',
        }),
        expect.objectContaining({
          where: 'webhook fin_status_updated',
          path: 'status',
          received: '"paused"',
        }),
      ]),
    );
  });

  it('a signed event that names no conversation is the only one refused', async () => {
    const res = await signedFin({ event_name: 'fin_status_updated', status: 'complete' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error.list', errors: [{ code: 'parameter_invalid' }] });
  });
});

describe('a minimal HITL notification', () => {
  it('is stored with its gaps, answerable with JSON for an unknown type, and an empty 200 callback is success', async () => {
    const stepId = randomUUID();
    const intercomId = `2154${Date.now()}`;
    stub.answer.set(`/procedures/${intercomId}/collect_agent_input`, () => ({ status: 200, text: '' }));
    const res = await signedApp(
      minimalHitlNotification(stub.url, intercomId, stepId, 'workflow_local_variables.colour', ' Colour ', {
        priority: 'urgent',
        recent_messages: [{ id: 1 }],
      }),
    );
    expect(res.status).toBe(200);
    const [found, step] = await json<HitlStep>(
      stepRoute.GET(getRequest(`/api/hitl-steps/${stepId}`), params({ stepId })),
    );
    expect(found).toBe(200);
    expect(step).toMatchObject({
      step_id: stepId,
      conversation_id: intercomId,
      procedure_name: '',
      hitl_question: '',
      priority: null,
      assign_to: null,
      conversation_url: null,
      recent_messages: [],
      status: 'pending',
      attributes: [
        {
          identifier: 'workflow_local_variables.colour',
          name: '',
          label: '',
          data_type: ' Colour ',
          options: [],
        },
      ],
    });

    const [submitted, answered] = await json<HitlStep>(
      submitRoute.POST(
        jsonRequest(
          `/api/hitl-steps/${stepId}/submit`,
          {
            attribute_values: [
              { identifier: 'workflow_local_variables.colour', value: '{"r": 1, "g": [2]}' },
            ],
          },
          { as: await actingAs(h, 'Ada', 'agent') },
        ),
        params({ stepId }),
      ),
    );
    expect(submitted).toBe(200);
    expect(answered).toMatchObject({ status: 'submitted', answered_by: 'Ada' });
    const callback = stub.received.find((r) => r.path.endsWith('/collect_agent_input'));
    expect(callback?.body).toEqual({
      step_id: stepId,
      attribute_values: [{ identifier: 'workflow_local_variables.colour', value: { r: 1, g: [2] } }],
    });
    const [, { items }] = await drift();
    expect(items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: `webhook ${HITL_TOPIC}`,
          path: 'procedure_name',
          received: 'absent',
        }),
        expect.objectContaining({ where: `webhook ${HITL_TOPIC}`, path: 'priority', received: '"urgent"' }),
        expect.objectContaining({
          where: 'POST /procedures/{conversation_id}/collect_agent_input',
          path: '(body)',
          received: 'null',
        }),
      ]),
    );
  });
});

describe('requests the console passes on', () => {
  it('keep fields the console does not know, and a long message the references set no limit for', async () => {
    const id = uid('drift-ask');
    const body = {
      conversation_id: id,
      user: { ...user, locale_hint: 'fr' },
      message: { author: 'user', body: 'x'.repeat(10_001), future_flag: true },
      future_field: { a: 1 },
    };
    const [status] = await json(askRoute.POST(jsonRequest('/api/fin/ask', body), params({})));
    expect(status).toBe(200);
    expect(stub.received.find((r) => r.path === '/fin/ask')?.body).toEqual(body);
    await waitFor(async () => (await conversation(id))[0] === 200, 3000, 'the ask is tracked');
  });
});

describe('the RW1 attacks, over real HTTP', () => {
  it('hold: every signed delivery off the contract is answered 2xx and kept', async () => {
    // The served console's routes these attacks use, on a loopback port.
    const server = createServer((req, res) => {
      if (serveRealtime(req, res)) return;
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://console.test');
        const headers = Object.fromEntries(
          Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
        );
        const request = new Request(url, { headers });
        const [, kind, raw] = /^\/api\/(conversations|hitl-steps)\/([^/]+)$/.exec(url.pathname) ?? [];
        const id = decodeURIComponent(raw ?? '');
        const answer =
          kind === 'conversations'
            ? await conversationRoute.GET(request, params({ id }))
            : kind === 'hitl-steps'
              ? await stepRoute.GET(request, params({ stepId: id }))
              : new Response(null, { status: 404 });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      })();
    });
    const url = await listenLocal(server);
    try {
      const target = {
        rig: {
          eventsSecret: EVENTS_SECRET,
          clientSecret: CLIENT_SECRET,
          adminToken: ADMIN_TOKEN,
          env: h.env,
        },
        served: { url },
      } as unknown as AttackTarget;
      for (const attack of driftAttacks) {
        const outcome = await attack.run(target);
        expect(outcome, attack.name).toMatchObject({ breach: false });
        expect(outcome.detail).toMatch(/^(\d+)\/\1 signed deliveries answered 2xx and kept/);
      }
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
