import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HITL_TOPIC } from '@/lib/fin';
import { deliverWebhook, startHarness, type Harness } from '@/testing/server/harness';

// Used to store the step, then fail to record the delivery: answered 400, yet the step sat in the inbox.
describe('HITL notifications with ids too long to store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ webhooks: false });
  });
  afterAll(() => h?.close());

  const long = () => randomBytes(2400).toString('base64');
  const send = (envelopeId: string, stepId: string) => {
    const raw = JSON.stringify({
      type: 'notification_event',
      topic: HITL_TOPIC,
      id: envelopeId,
      created_at: 1_700_000_000,
      data: {
        item: {
          type: 'procedure.hitl_notification',
          conversation_id: '215473000000007',
          step_id: stepId,
          procedure_name: 'Refund',
          hitl_question: 'Approve?',
          attributes_to_collect: [],
          callback_url: `${h.sim.url}/procedures/215473000000007/collect_agent_input`,
        },
      },
    });
    return deliverWebhook(raw, 'app');
  };
  const steps = async () =>
    (await (await h.ctx()).db.query<{ n: number }>('SELECT count(*)::int AS n FROM hitl_steps'))[0]!.n;

  it('are refused with a 400 and store no step', async () => {
    for (const [envelopeId, stepId] of [
      [`notif_${long()}`, randomUUID()],
      [`notif_${randomUUID()}`, long()],
    ] as const) {
      const res = await send(envelopeId, stepId);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ type: 'error.list', errors: [{ code: 'parameter_invalid' }] });
    }
    expect(await steps()).toBe(0);
    expect((await send(`notif_${randomUUID()}`, randomUUID())).status).toBe(200);
    expect(await steps()).toBe(1);
  });
});
