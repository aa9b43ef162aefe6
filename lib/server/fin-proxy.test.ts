import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCEDURE_IDS } from '@/testing/sim';
import * as askRoute from '@/app/api/fin/ask/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import { MAX_CONVERSATION_ID_BYTES } from './fin-proxy';
import {
  deliverWebhook,
  jsonRequest,
  params,
  startHarness,
  uid,
  type Harness,
} from '@/testing/server/harness';

// Such an id used to reach Fin, then fail to be stored: never tracked, its webhooks answered 500.
describe('conversation ids too long to store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ webhooks: false });
  });
  afterAll(() => h?.close());

  // Random text does not compress, so it really is this long in the index.
  const longId = () => `long-${randomBytes(2400).toString('base64')}`;
  const user = { id: 'long-id-user' };
  const count = async (sql: string) => (await (await h.ctx()).db.query<{ n: number }>(sql))[0]!.n;

  it('are refused with a 400 naming the field before Fin is asked', async () => {
    const id = longId();
    const before = await count('SELECT count(*)::int AS n FROM api_calls');
    const res = await runRoute.POST(
      jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`, { conversation_id: id, user }),
      params({ procedureId: PROCEDURE_IDS.resetPassword }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: 'error.list',
      errors: [
        {
          code: 'parameter_invalid',
          field: 'conversation_id',
          message: expect.stringContaining(`${MAX_CONVERSATION_ID_BYTES} bytes`),
        },
      ],
    });
    const ask = await askRoute.POST(
      jsonRequest('/api/fin/ask', { conversation_id: id, user, message: { author: 'user', body: 'hi' } }),
      params({}),
    );
    expect(ask.status).toBe(400);
    expect(await count('SELECT count(*)::int AS n FROM api_calls')).toBe(before);
    expect(await count('SELECT count(*)::int AS n FROM conversations')).toBe(0);
  });

  it('ids at the limit still work', async () => {
    const id = `${uid('edge')}-`.padEnd(MAX_CONVERSATION_ID_BYTES, 'x');
    const res = await runRoute.POST(
      jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`, { conversation_id: id, user }),
      params({ procedureId: PROCEDURE_IDS.resetPassword }),
    );
    expect(res.status).toBe(200);
  });

  it('a signed webhook naming one is answered 400, not 500', async () => {
    const raw = JSON.stringify({
      event_name: 'fin_status_updated',
      conversation_id: longId(),
      user_id: 'u',
      status: 'escalated',
      created_at_ms: new Date().toISOString(),
    });
    const res = await deliverWebhook(raw, 'fin');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error.list', errors: [{ code: 'parameter_invalid' }] });
  });
});
