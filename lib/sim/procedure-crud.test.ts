import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorListSchema, hitlNotificationSchema } from '@/lib/fin';
import type { ProcedureInput } from '@/lib/procedures/schema';
import {
  PROCEDURE_IDS,
  PROCEDURES,
  runProcedure,
  simConversation,
  simReset,
  simRigPerFile,
  startSimRig,
  waitFor,
  type SimRig,
} from '@/testing/sim';
import { PROCEDURES_FILE } from './procedure-registry';

const rig = simRigPerFile();
const user = { id: 'u-crud', attributes: { plan_type: 'Starter' } };

async function send(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  return { status: res.status, body: await res.json() };
}
const api = (method: string, path: string, body?: unknown) => send(rig.url, method, path, body);

const draft = (): ProcedureInput => ({
  name: 'Warranty claim',
  description: 'Check a warranty claim with a teammate.',
  live: true,
  api_trigger: true,
  steps: [
    { id: 'ask', kind: 'ask_user', question: '<p>Serial number?</p>', store: 'serial' },
    {
      id: 'review',
      kind: 'hitl',
      question: 'Is {{serial}} under warranty?',
      attributes: [
        {
          key: 'covered',
          uuid: '0b4f7e36-2c1d-4f3e-9a8b-1c2d3e4f5a6b',
          name: 'Covered',
          label: 'Covered',
          data_type: 'boolean',
        },
      ],
    },
    {
      id: 'decide',
      kind: 'branch',
      on: 'covered',
      cases: [{ op: 'eq', value: true, goto: 'yes' }],
      otherwise: 'no',
    },
    { id: 'yes', kind: 'say', html: '<p>Covered: {{serial}}.</p>', next: 'done' },
    { id: 'no', kind: 'escalate', reason: 'Escalation rule: Warranty' },
    { id: 'done', kind: 'resolve' },
  ],
});

const capabilityIds = async (r: SimRig, u = user) =>
  ((await r.call('/fin/capabilities', { user: u })).body.capabilities as Array<{ id?: string }>).map(
    (c) => c.id,
  );

/** Answers the run's ask_user step with `text` and returns the HITL notification that follows. */
async function replyThenHitl(conversationId: string, text: string) {
  await rig.call('/fin/reply', {
    conversation_id: conversationId,
    message: { author: 'user', body: text },
    user,
  });
  const hook = await rig.hooks.waitFor((h) => h.json?.type === 'notification_event');
  return hitlNotificationSchema.parse(hook.json.data.item);
}

describe('procedure CRUD on the control API', () => {
  it('lists built-ins with their source, and reads one', async () => {
    const { body } = await api('GET', '/_sim/procedures');
    expect(body.procedures.map((p: { id: string }) => p.id)).toEqual(PROCEDURES.map((p) => p.id));
    expect(new Set(body.procedures.map((p: { source: string }) => p.source))).toEqual(new Set(['builtin']));
    expect(await api('GET', `/_sim/procedures/${PROCEDURE_IDS.refund}`)).toEqual({
      status: 200,
      body: { procedure: { ...PROCEDURES[0], source: 'builtin' } },
    });
    expect((await api('GET', '/_sim/procedures/99999')).status).toBe(404);
  });

  it('creates with a new numeric id, lists it in the catalogue, and refuses the id twice', async () => {
    const created = await api('POST', '/_sim/procedures', draft());
    expect(created.status).toBe(201);
    expect(created.body.procedure).toMatchObject({ id: '41010', source: 'saved', csat: false, audience: [] });
    expect(await capabilityIds(rig)).toContain('41010');
    const again = await api('POST', '/_sim/procedures', { ...draft(), id: '41010' });
    expect(again.status).toBe(409);
    expect(errorListSchema.parse(again.body).errors[0]?.message).toBe(
      'A procedure with the id "41010" exists already',
    );
  });

  it('refuses an invalid definition with each issue as path: message', async () => {
    const bad = draft();
    (bad.steps[2] as { on: string }).on = 'nothing';
    bad.steps[3] = { id: 'yes', kind: 'say', html: '<p>x</p>', next: 'nowhere' };
    const res = await api('POST', '/_sim/procedures', bad);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({
      code: 'parameter_invalid',
      message:
        'steps.2.on: "nothing" is not collected by an ask_user or HITL step before this one; steps.3.next: no step has the id "nowhere"',
    });
    expect((await api('POST', '/_sim/procedures', [1, 2])).status).toBe(400);
  });

  it('runs a saved procedure end to end: its HITL webhook arrives and the answer completes it', async () => {
    const { body } = await api('POST', '/_sim/procedures', { ...draft(), id: 'warranty' });
    expect(body.procedure.id).toBe('warranty');
    const run = await runProcedure(rig, 'warranty', 'c-warranty', user);
    expect(run.status).toBe(200);
    const item = await replyThenHitl('c-warranty', 'SN-42');
    expect(item).toMatchObject({
      procedure_name: 'Warranty claim',
      hitl_question: 'Is SN-42 under warranty?',
    });
    const answer = await rig.call(new URL(item.callback_url).pathname, {
      step_id: item.step_id,
      attribute_values: [{ identifier: item.attributes_to_collect[0]!.identifier, value: true }],
    });
    expect(answer.status).toBe(200);
    await waitFor(async () => (await simConversation(rig.url, 'c-warranty')).resolution_state === 'resolved');
  });

  it('runs a procedure with every step kind and data type', async () => {
    const attr = (key: string, data_type: string, n: number, extra = {}) => ({
      key,
      uuid: `00000000-0000-4000-8000-00000000000${n}`,
      name: key,
      label: key,
      data_type,
      ...extra,
    });
    const every = {
      id: 'every',
      name: 'Every kind',
      live: true,
      api_trigger: true,
      csat: true,
      steps: [
        { id: 'hi', kind: 'say', html: '<p>Hi</p>', stream: true },
        { id: 'ask', kind: 'ask_user', question: '<p>Plan?</p>', store: 'plan' },
        {
          id: 'form',
          kind: 'hitl',
          question: 'Fill in for {{plan}}',
          priority: 'priority',
          assign_to: { type: 'team', id: '1', name: 'Ops' },
          expires_in_s: 600,
          on_timeout: 'late',
          attributes: [
            attr('note', 'string', 1),
            attr('seats', 'integer', 2),
            attr('amount', 'decimal', 3),
            attr('ok', 'boolean', 4),
            attr('tier', 'list', 5, { options: [{ id: 'gold', label: 'Gold' }] }),
            attr('when', 'datetime', 6),
          ],
        },
        {
          id: 'size',
          kind: 'branch',
          on: 'seats',
          cases: [
            { op: 'gte', value: 100, goto: 'late' },
            { op: 'lt', value: 0, goto: 'late' },
            { op: 'in', values: [5, 6], goto: 'done_say' },
            { op: 'eq', value: 7, goto: 'late' },
          ],
          otherwise: 'late',
        },
        {
          id: 'done_say',
          kind: 'say',
          html: '<p>{{seats}} seats, {{tier_label}}, ${{amount|money}}.</p>',
          next: 'end',
        },
        { id: 'late', kind: 'escalate', reason: 'Routed to team' },
        { id: 'end', kind: 'resolve' },
      ],
    };
    expect((await api('POST', '/_sim/procedures', every)).status).toBe(201);
    await runProcedure(rig, 'every', 'c-every', user);
    const item = await replyThenHitl('c-every', 'Pro');
    expect(item.attributes_to_collect.map((a) => a.data_type)).toEqual([
      'string',
      'integer',
      'decimal',
      'boolean',
      'list',
      'datetime',
    ]);
    const values = ['All good', 5, 12.5, true, 'gold', '2026-12-24T10:00:00Z'];
    const answer = await rig.call(new URL(item.callback_url).pathname, {
      step_id: item.step_id,
      attribute_values: item.attributes_to_collect.map((a, i) => ({
        identifier: a.identifier,
        value: values[i],
      })),
    });
    expect(answer.status).toBe(200);
    const conv = await waitFor(async () => {
      const c = await simConversation(rig.url, 'c-every');
      return c.resolution_state === 'resolved' && c;
    });
    expect(JSON.stringify(conv.parts)).toContain('5 seats, Gold, $12.50.');
  });

  it('keeps a run on the definition it started with when the procedure is edited', async () => {
    await api('POST', '/_sim/procedures', { ...draft(), id: 'pinned' });
    await runProcedure(rig, 'pinned', 'c-pinned', user);
    const edited = { ...draft(), steps: [{ id: 'only', kind: 'resolve' }] };
    expect((await api('PUT', '/_sim/procedures/pinned', edited)).status).toBe(200);
    expect((await replyThenHitl('c-pinned', 'SN-1')).hitl_question).toBe('Is SN-1 under warranty?');
  });

  it('edits a built-in, restores it on delete, and will not delete a built-in', async () => {
    const refund = PROCEDURES.find((p) => p.id === PROCEDURE_IDS.refund)!;
    const put = await api('PUT', `/_sim/procedures/${refund.id}`, { ...refund, live: false });
    expect(put.body.procedure).toMatchObject({ source: 'edited', live: false });
    expect(await capabilityIds(rig)).not.toContain(refund.id);
    const mismatch = await api('PUT', `/_sim/procedures/${refund.id}`, { ...refund, id: '41002' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].message).toBe(`id: must be "${refund.id}", the procedure being replaced`);
    expect((await api('PUT', '/_sim/procedures/nope', refund)).status).toBe(404);

    const restored = await api('DELETE', `/_sim/procedures/${refund.id}`);
    expect(restored.body.procedure).toEqual({ ...refund, source: 'builtin' });
    const builtin = await api('DELETE', `/_sim/procedures/${refund.id}`);
    expect(builtin.status).toBe(409);
    expect(builtin.body.errors[0].message).toMatch(/cannot be deleted/);
  });

  it('deletes a saved procedure, and keeps saved ones across a reset', async () => {
    await api('POST', '/_sim/procedures', { ...draft(), id: 'kept' });
    await api('POST', '/_sim/procedures', { ...draft(), id: 'gone' });
    expect(await api('DELETE', '/_sim/procedures/gone')).toEqual({ status: 200, body: { procedure: null } });
    expect((await api('GET', '/_sim/procedures/gone')).status).toBe(404);
    await simReset(rig.url);
    expect((await api('GET', '/_sim/procedures/kept')).body.procedure.source).toBe('saved');
  });

  it('says who sees what, in words', async () => {
    const res = await api('POST', '/_sim/audience', { attributes: { plan_type: 'Starter' } });
    const byId = new Map(res.body.procedures.map((p: { id: string }) => [p.id, p]));
    expect(byId.get(PROCEDURE_IDS.planUpgrade)).toEqual({
      id: PROCEDURE_IDS.planUpgrade,
      name: 'Plan upgrade',
      listed: true,
      reasons: [],
    });
    expect(byId.get(PROCEDURE_IDS.billingDispute)).toMatchObject({
      listed: false,
      reasons: ['plan_type is "Starter"; needs one of Pro, Enterprise'],
    });
    expect(byId.get(PROCEDURE_IDS.priorityCallback)).toMatchObject({
      reasons: ['vip is not set; needs true'],
    });
    const listed = res.body.procedures
      .filter((p: { listed: boolean }) => p.listed)
      .map((p: { id: string }) => p.id);
    expect(listed).toEqual((await capabilityIds(rig)).filter(Boolean));
    expect((await api('POST', '/_sim/audience', { attributes: { a: { nested: 1 } } })).status).toBe(400);
  });

  it('serves the JSON Schema', async () => {
    const res = await api('GET', '/_sim/procedures/schema');
    expect(res.body).toMatchObject({ $schema: expect.stringContaining('json-schema.org'), type: 'object' });
  });
});

describe('saved procedures on disk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sim-procedures-'));
  const rigs: SimRig[] = [];
  afterAll(() => Promise.all(rigs.map((r) => r.close())));
  const start = async (log?: (line: string) => void) => {
    const r = await startSimRig({ dataDir, ...(log ? { log } : {}) });
    rigs.push(r);
    return r;
  };

  it('outlive a restart with the same data folder', async () => {
    const first = await start();
    await send(first.url, 'POST', '/_sim/procedures', { ...draft(), id: 'durable' });
    await first.close();
    const second = await start();
    expect((await send(second.url, 'GET', '/_sim/procedures/durable')).body.procedure).toMatchObject({
      name: 'Warranty claim',
      source: 'saved',
    });
    expect(await capabilityIds(second)).toContain('durable');
    await second.close();
  });

  it('a corrupt file is reported and set aside, not fatal', async () => {
    writeFileSync(join(dataDir, PROCEDURES_FILE), '{ not json');
    const lines: string[] = [];
    const r = await start((line) => lines.push(line));
    expect(lines.join('\n')).toMatch(/could not all be read/);
    expect(readFileSync(join(dataDir, `${PROCEDURES_FILE}.corrupt`), 'utf8')).toBe('{ not json');
    expect((await send(r.url, 'GET', '/_sim/procedures')).body.procedures).toHaveLength(PROCEDURES.length);
  });
});
