import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as askRoute from '@/app/api/fin/ask/route';
import { MAX_BODY_DEPTH } from './http';
import { jsonRequest, params, startHarness, uid, type Harness } from '@/testing/server/harness';

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** A deeply nested body must not overflow the stack when the proxy serialises it for Fin. */
describe('request bodies nested too deeply', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ webhooks: false });
  });
  afterAll(() => h?.close());

  const ask = (attributeJson: string) =>
    askRoute.POST(
      jsonRequest(
        '/api/fin/ask',
        `{"conversation_id":"${uid('deep')}","message":{"author":"user","body":"hi"},"user":{"id":"u","attributes":{"a":${attributeJson}}}}`,
      ),
      params({}),
    );

  it('are refused with a 400, Fin never asked', async () => {
    // Deep enough to overflow the stack, yet within the body size limit.
    const res = await ask(nested(40_000));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      type: 'error.list',
      errors: [
        {
          code: 'parameter_invalid',
          message: `Request body is nested more than ${MAX_BODY_DEPTH} levels deep`,
        },
      ],
    });
    const calls = await (await h.ctx()).db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_calls');
    expect(calls[0]!.n).toBe(0);
  });

  it('a body within the limit is forwarded as before', async () => {
    const res = await ask(nested(MAX_BODY_DEPTH - 5));
    expect(res.status).toBe(200);
  });
});
