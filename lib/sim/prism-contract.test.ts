import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROCEDURE_IDS,
  finCall,
  rigBearer,
  simFaultHeader,
  startSimRig,
  subscribe,
  waitFor,
  type SimRig,
} from '@/testing/sim';
import { freePort } from '@/testing/util';

const root = path.resolve(__dirname, '../..');
const spec = path.resolve(root, '../shared/fin-api/fin-agent-api.openapi.yaml');
const prismBin = path.join(root, 'node_modules/.bin/prism');
const available = existsSync(spec) && existsSync(prismBin);

let rig: SimRig;
let prism: ChildProcess;
let proxyUrl: string;
let log = '';

beforeAll(async () => {
  if (!available) return;
  rig = await startSimRig();
  const port = await freePort();
  proxyUrl = `http://127.0.0.1:${port}`;
  prism = spawn(prismBin, ['proxy', spec, rig.url, '-p', String(port), '-h', '127.0.0.1', '--errors=false'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prism.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  prism.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitFor(() => log.includes('Prism is listening'), 45_000, 'prism to listen');
}, 60_000);

afterAll(async () => {
  prism?.kill('SIGTERM');
  await rig?.close();
});

/** Lines where prism reports that an answer broke the contract (request violations are expected for 4xx probes). */
const responseViolations = () => log.split('\n').filter((l) => /Violation: response/.test(l));

const call = (p: string, body: unknown, headers?: Record<string, string>) =>
  finCall(proxyUrl, rigBearer(rig, p), p, body, headers);

describe.skipIf(!available)('contract check through a prism validating proxy', () => {
  it('a full scenario produces no response violations', async () => {
    const user = {
      id: 'prism-user',
      name: 'Jane Doe',
      email: 'jane@example.com',
      attributes: { plan_type: 'Pro', nope: 1 },
    };
    const message = {
      author: 'user',
      body: 'How do I reset my password?',
      timestamp: '2025-01-24T10:01:20.000Z',
    };

    expect((await call('/fin/capabilities', { user })).status).toBe(200);
    const run = await call(`/fin/procedures/${PROCEDURE_IDS.refund}/run`, {
      conversation_id: 'p-run',
      user,
      conversation_metadata: { attributes: { order_id: '98765' } },
    });
    expect(run.status).toBe(200);
    await (
      await subscribe(run.body.sse_subscription_url)
    ).done;
    expect(
      (
        await call('/fin/reply', {
          conversation_id: 'p-run',
          message: { author: 'user', body: 'Order 12345' },
          user,
        })
      ).status,
    ).toBe(200);
    const hook = await rig.hooks.waitFor((w) => w.json?.type === 'notification_event');
    const item = hook.json.data.item;
    const callback = new URL(item.callback_url).pathname;
    const values = [
      { identifier: item.attributes_to_collect[0].identifier, value: true },
      {
        identifier: item.attributes_to_collect[1].identifier,
        value: item.attributes_to_collect[1].options[0].id,
      },
      { identifier: item.attributes_to_collect[2].identifier, value: 12.5 },
    ];
    expect((await call(callback, { step_id: item.step_id, attribute_values: values })).status).toBe(200);
    expect((await call(callback, { step_id: item.step_id, attribute_values: values })).status).toBe(409);
    expect(
      (await call(callback, { step_id: '00000000-0000-4000-8000-000000000000', attribute_values: values }))
        .status,
    ).toBe(404);
    expect(
      (
        await call(
          callback,
          { step_id: item.step_id, attribute_values: values },
          simFaultHeader({ hitl_forbidden: true }),
        )
      ).status,
    ).toBe(403);
    await waitFor(
      async () => (await call('/fin/csat', { conversation_id: 'p-run', rating: 'good' })).status === 200,
      3000,
      'the CSAT survey',
    );
    expect((await call('/fin/csat', { conversation_id: 'p-run', rating: 'meh' })).status).toBe(422);
    expect((await call('/fin/csat', { conversation_id: 'nobody', rating: 'good' })).status).toBe(422);

    expect((await call('/fin/ask', { conversation_id: 'p-ask', message, user })).status).toBe(200);
    expect(
      (
        await call('/fin/start', {
          conversation_id: 'p-start',
          message,
          user,
          conversation_metadata: { history: [message] },
        })
      ).status,
    ).toBe(200);
    expect((await call('/fin/escalate', { conversation_id: 'p-ask', context: 'Frustrated.' })).status).toBe(
      200,
    );
    expect((await call('/fin/escalate', { user, message: 'I need help with my billing issue' })).status).toBe(
      200,
    );
    expect((await call('/fin/escalate', { conversation_id: 'missing' })).status).toBe(400);
    expect(
      (await call(`/fin/procedures/${PROCEDURE_IDS.dataExport}/run`, { conversation_id: 'p-x', user }))
        .status,
    ).toBe(400);
    expect(
      (await call(`/fin/procedures/${PROCEDURE_IDS.refund}/run`, { conversation_id: 'p-run', user })).status,
    ).toBe(400);
    expect(
      (await finCall(proxyUrl, 'wrong', '/fin/ask', { conversation_id: 'p', message, user })).status,
    ).toBe(401);

    const served = `/fin/procedures/${PROCEDURE_IDS.refund}/run has returned 200`;
    await waitFor(() => log.includes(served), 3000, 'prism to log the run');
    expect(responseViolations()).toEqual([]);
  }, 30_000);

  it('the check is not vacuous: an undocumented status is reported', async () => {
    const res = await call(
      '/fin/ask',
      { conversation_id: 'canary', message: { author: 'user', body: 'hi' }, user: { id: 'u' } },
      simFaultHeader({ fail: { status: 503 } }),
    );
    expect(res.status).toBe(503);
    await waitFor(() => responseViolations().length > 0, 3000, 'prism to log the violation');
    expect(responseViolations()[0]).toMatch(/Unable to match the returned status code/);
  });
});
