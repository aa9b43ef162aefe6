/** The procedure routes in demo mode, called as Next calls them, against the real simulator. */
import { describe, expect, it } from 'vitest';
import { errorListSchema } from '@/lib/fin';
import type { ProcedureInput } from '@/lib/procedures/schema';
import { PROCEDURE_IDS, PROCEDURES } from '@/testing/sim';
import * as itemRoute from '@/app/api/procedures/[id]/route';
import * as audienceRoute from '@/app/api/procedures/audience/route';
import * as listRoute from '@/app/api/procedures/route';
import * as schemaRoute from '@/app/api/procedures/schema/route';
import { listAudit } from './db/records';
import { actingAs, getRequest, harnessPerFile, jsonRequest, params, type As } from '@/testing/server/harness';

const h = harnessPerFile({ demoAccounts: true });
const noParams = params({});
const lead = () => actingAs(h, 'Lena Lead', 'lead');
const viewer = () => actingAs(h, 'Vic Viewer', 'viewer');

const draft = (name = 'Loyalty bonus'): ProcedureInput => ({
  name,
  live: true,
  api_trigger: true,
  steps: [
    { id: 'hello', kind: 'say', html: '<p>Hi!</p>' },
    { id: 'done', kind: 'resolve' },
  ],
});

async function body<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

const create = async (def: unknown, as: As) =>
  listRoute.POST(jsonRequest('/api/procedures', def, { as }), noParams);
const put = async (id: string, def: unknown, as: As) =>
  itemRoute.PUT(jsonRequest(`/api/procedures/${id}`, def, { method: 'PUT', as }), params({ id }));
const del = async (id: string, as: As) =>
  itemRoute.DELETE(getRequest(`/api/procedures/${id}`, { method: 'DELETE', as }), params({ id }));
const read = (id: string, as?: As) =>
  itemRoute.GET(getRequest(`/api/procedures/${id}`, as === undefined ? {} : { as }), params({ id }));

describe('procedure routes in demo mode', () => {
  it('lists the simulator procedures to a viewer', async () => {
    const res = await listRoute.GET(getRequest('/api/procedures', { as: await viewer() }), noParams);
    expect(res.status).toBe(200);
    const list = await body<{ managedBy: string; procedures: Array<{ id: string; source: string }> }>(res);
    expect(list.managedBy).toBe('simulator');
    expect(list.procedures.slice(0, PROCEDURES.length).map((p) => [p.id, p.source])).toEqual(
      PROCEDURES.map((p) => [p.id, 'builtin']),
    );
  });

  it('a lead creates one (audited) and anyone reads it; a viewer cannot write', async () => {
    const res = await create(draft(), await lead());
    expect(res.status).toBe(201);
    const { procedure } = await body<{ procedure: { id: string; source: string; description: string } }>(res);
    expect(procedure).toMatchObject({ source: 'saved', description: '' });
    expect(await body(await read(procedure.id, await viewer()))).toMatchObject({
      procedure: { id: procedure.id, name: 'Loyalty bonus' },
    });
    const audit = await listAudit((await h.ctx()).db, procedure.id);
    expect(audit[0]).toMatchObject({
      actor: 'Lena Lead',
      action: 'procedure.create',
      detail: { name: 'Loyalty bonus' },
    });

    expect((await create(draft(), await viewer())).status).toBe(403);
    expect((await put(procedure.id, draft(), await viewer())).status).toBe(403);
    expect((await del(procedure.id, await viewer())).status).toBe(403);
  });

  it('answers 400 with one entry per issue, its field the path, before the simulator sees it', async () => {
    const bad = {
      ...draft(),
      name: '',
      steps: [{ id: 'b', kind: 'branch', on: 'x', cases: [], otherwise: 'nowhere' }],
    };
    const res = await create(bad, await lead());
    expect(res.status).toBe(400);
    const list = errorListSchema.parse(await res.json());
    expect(list.errors.map((e) => e.field)).toEqual(['name', 'steps.0.on', 'steps.0.otherwise']);
    expect(list.errors[2]).toMatchObject({
      code: 'parameter_invalid',
      message: 'no step has the id "nowhere"',
    });
    const all = await body<{ procedures: Array<{ name: string }> }>(
      await listRoute.GET(getRequest('/api/procedures'), noParams),
    );
    expect(all.procedures.some((p) => p.name === '')).toBe(false);
  });

  it('bounds the body', async () => {
    const huge = { ...draft(), description: 'x'.repeat(300 * 1024) };
    expect((await create(huge, await lead())).status).toBe(413);
  });

  it('edits a built-in, refuses a different id, restores it on delete, keeps a built-in', async () => {
    const refund = PROCEDURES.find((p) => p.id === PROCEDURE_IDS.refund)!;
    const edited = await put(refund.id, { ...refund, name: 'Refund (edited)' }, await lead());
    expect(await body(edited)).toMatchObject({ procedure: { source: 'edited', name: 'Refund (edited)' } });

    const mismatch = await put(refund.id, { ...refund, id: 'other' }, await lead());
    expect(mismatch.status).toBe(400);
    expect(errorListSchema.parse(await mismatch.json()).errors[0]).toMatchObject({ field: 'id' });

    const restored = await del(refund.id, await lead());
    expect(await body(restored)).toEqual({ procedure: { ...refund, source: 'builtin' } });
    const builtin = await del(refund.id, await lead());
    expect(builtin.status).toBe(409);
    expect(errorListSchema.parse(await builtin.json()).errors[0]?.message).toMatch(/cannot be deleted/);
    const actions = (await listAudit((await h.ctx()).db, refund.id)).map((a) => a.action);
    expect(actions.slice(0, 2)).toEqual(['procedure.restore', 'procedure.update']);
  });

  it('deletes a saved procedure; unknown and malformed ids are 404', async () => {
    const { procedure } = await body<{ procedure: { id: string } }>(
      await create(draft('Short-lived'), await lead()),
    );
    expect(await body(await del(procedure.id, await lead()))).toEqual({ procedure: null });
    expect((await read(procedure.id)).status).toBe(404);
    expect((await read('no such id')).status).toBe(404);
  });

  it('says who sees what, and publishes the JSON Schema', async () => {
    const res = await audienceRoute.POST(
      jsonRequest(
        '/api/procedures/audience',
        { attributes: { plan_type: 'Starter' } },
        { as: await viewer() },
      ),
      noParams,
    );
    const answer = await body<{ procedures: Array<{ id: string; listed: boolean; reasons: string[] }> }>(res);
    expect(answer.procedures.find((p) => p.id === PROCEDURE_IDS.billingDispute)).toMatchObject({
      listed: false,
      reasons: ['plan_type is "Starter"; needs one of Pro, Enterprise'],
    });
    const invalid = await audienceRoute.POST(
      jsonRequest('/api/procedures/audience', { attributes: { plan: ['x'] } }),
      noParams,
    );
    expect(invalid.status).toBe(400);

    const schema = await schemaRoute.GET(
      getRequest('/api/procedures/schema', { as: await viewer() }),
      noParams,
    );
    expect(await body(schema)).toMatchObject({ type: 'object', required: expect.arrayContaining(['steps']) });
  });
});
