/** Presenter replay over the routes: a finished HITL run read back, notes written by leads only, refusals as error lists. */
import { describe, expect, it } from 'vitest';
import type { ConversationDetail, HitlStep } from '@/lib/console/types';
import { replayDataSchema, type ReplayData } from '@/lib/console/replay';
import { NOTE_MAX_CHARS } from '@/lib/console/replay-limits';
import { PROCEDURE_IDS } from '@/testing/sim';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as noteRoute from '@/app/api/conversations/[id]/notes/[seq]/route';
import * as replayRoute from '@/app/api/conversations/[id]/replay/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as submitRoute from '@/app/api/hitl-steps/[stepId]/submit/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import { listAudit } from '../db/records';
import {
  actingAs,
  getRequest,
  harnessPerFile,
  jsonRequest,
  params,
  uid,
  waitFor,
  type As,
} from '@/testing/server/harness';

const h = harnessPerFile();
const user = {
  id: 'replay-user',
  name: 'Dana Example',
  email: 'dana@example.test',
  attributes: { plan_type: 'Pro' },
};
const VERIFIED = 'workflow_local_variables.ec3f367f-c7f2-4b17-8852-d13a8b0e3113';
const NOTES = 'workflow_local_variables.5849b803-b5b0-426d-b5c6-d501bac0b6a4';

async function json<T>(res: Response | Promise<Response>): Promise<[number, T]> {
  const r = await res;
  return [r.status, (await r.json()) as T];
}

const replay = (id: string, as?: As) =>
  json<ReplayData>(replayRoute.GET(getRequest(`/api/conversations/${id}/replay`, { as }), params({ id })));
const putNote = (id: string, seq: number | string, body: unknown, as?: As) =>
  json<{ note: unknown; errors?: { code: string; message: string }[] }>(
    noteRoute.PUT(
      jsonRequest(`/api/conversations/${id}/notes/${seq}`, body, { method: 'PUT', as }),
      params({ id, seq: String(seq) }),
    ),
  );

/** Runs the account deletion procedure, answers its HITL step as Alice and waits for the run to finish. */
async function finishedHitlRun(): Promise<string> {
  const id = uid('replay');
  const run = await runRoute.POST(
    jsonRequest(`/api/fin/procedures/${PROCEDURE_IDS.accountDeletion}/run`, {
      conversation_id: id,
      user,
      message: { author: 'user', body: 'Please delete my account' },
    }),
    params({ procedureId: PROCEDURE_IDS.accountDeletion }),
  );
  expect(run.status).toBe(200);
  const step = await waitFor(
    async () =>
      (
        await json<HitlStep[]>(stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), params({})))
      )[1].find((s) => s.external_conversation_id === id),
    5000,
    'the HITL step',
  );
  const answer = await submitRoute.POST(
    jsonRequest(
      `/api/hitl-steps/${step.step_id}/submit`,
      {
        attribute_values: [
          { identifier: VERIFIED, value: true },
          { identifier: NOTES, value: 'Checked photo ID' },
        ],
      },
      { as: await actingAs(h, 'Alice', 'agent') },
    ),
    params({ stepId: step.step_id }),
  );
  expect(answer.status).toBe(200);
  await waitFor(
    async () =>
      (
        await json<ConversationDetail>(
          conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id })),
        )
      )[1].conversation.status === 'complete',
    5000,
    'the run to finish',
  );
  return id;
}

describe('GET /api/conversations/:id/replay', () => {
  it('plays a finished run back: opening message, Fin, the decision with its answer, no internal ids', async () => {
    const id = await finishedHitlRun();
    const [status, data] = await replay(id, await actingAs(h, 'Vic', 'viewer'));
    expect(status).toBe(200);
    expect(replayDataSchema.parse(data)).toEqual(data);
    expect(data.conversation).toMatchObject({
      title: 'Account deletion',
      status: 'complete',
      user: {
        id: 'replay-user',
        name: 'Dana Example',
        email: 'dana@example.test',
        attributes: { plan_type: 'Pro' },
      },
    });
    expect(data.conversation.ended_at).not.toBeNull();
    expect(data.steps[0]).toMatchObject({ seq: 0, kind: 'user', body: 'Please delete my account' });
    expect(data.steps.some((s) => s.kind === 'fin' && s.html.includes('permanent'))).toBe(true);
    const times = data.steps.map((s) => Date.parse(s.at));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);

    const decision = data.steps.find((s) => s.kind === 'hitl');
    expect(decision).toBeDefined();
    expect(data.hitl).toEqual([
      {
        seq: decision!.seq,
        procedure_name: 'Account deletion',
        question: "Has the customer's identity been verified for account deletion?",
        attributes: [
          {
            name: 'Identity Verified',
            label: 'Identity verified',
            data_type: 'boolean',
            options: null,
            value: true,
          },
          {
            name: 'Verification Notes',
            label: 'How was it verified?',
            data_type: 'string',
            options: null,
            value: 'Checked photo ID',
          },
        ],
        state: 'answered',
        answered_by: 'Alice',
        answered_at: expect.any(String) as string,
      },
    ]);
    const text = JSON.stringify(data);
    expect(text).not.toContain(id);
    expect(text).not.toContain('workflow_local_variables');
    expect(text).not.toContain('callback');
  });

  it('answers 404 as an error list for an unknown conversation', async () => {
    const [status, body] = await replay('no-such-conversation');
    expect(status).toBe(404);
    expect(body).toMatchObject({ type: 'error.list', errors: [{ code: 'not_found' }] });
    const [noteStatus, noteBody] = await putNote('no-such-conversation', 0, { body: 'x' });
    expect(noteStatus).toBe(404);
    expect(noteBody).toMatchObject({ type: 'error.list' });
  });
});

describe('PUT /api/conversations/:id/notes/:seq', () => {
  it('lets a lead write, rewrite and delete a step note, shown in the replay and audited', async () => {
    const id = await finishedHitlRun();
    const lead = await actingAs(h, 'Lena', 'lead');
    const [status, saved] = await putNote(id, 0, { body: '  Watch the opening line  ' }, lead);
    expect(status).toBe(200);
    expect(saved.note).toMatchObject({ seq: 0, body: 'Watch the opening line', author: 'Lena' });
    await putNote(id, 0, { body: 'The opening line' }, lead);
    await putNote(id, 1, { body: 'Fin warns first' }, lead);
    expect((await replay(id))[1].notes.map((n) => [n.seq, n.body])).toEqual([
      [0, 'The opening line'],
      [1, 'Fin warns first'],
    ]);
    expect(await putNote(id, 1, { body: '' }, lead)).toEqual([200, { note: null }]);
    expect((await replay(id))[1].notes.map((n) => n.seq)).toEqual([0]);
    const audit = await listAudit((await h.ctx()).db, id);
    expect(audit.filter((a) => a.action.startsWith('replay.')).map((a) => a.action)).toEqual([
      'replay.note_delete',
      'replay.note',
      'replay.note',
      'replay.note',
    ]);
    expect(audit[0]).toMatchObject({ actor: 'Lena', detail: { seq: 1, chars: 0 } });
  });

  it('refuses viewers and agents, oversized notes, bad and unknown step numbers', async () => {
    const id = await finishedHitlRun();
    for (const role of ['viewer', 'agent'] as const) {
      const [status, body] = await putNote(id, 0, { body: 'hi' }, await actingAs(h, `Role ${role}`, role));
      expect(status).toBe(403);
      expect(body).toMatchObject({ type: 'error.list' });
    }
    const [tooLong, tooLongBody] = await putNote(id, 0, { body: 'x'.repeat(NOTE_MAX_CHARS + 1) });
    expect(tooLong).toBe(400);
    expect(tooLongBody).toMatchObject({ type: 'error.list', errors: [{ code: 'parameter_invalid' }] });
    expect((await putNote(id, 0, { body: 'x'.repeat(NOTE_MAX_CHARS) }))[0]).toBe(200);
    expect((await putNote(id, 0, { body: 'x', extra: 1 }))[0]).toBe(400);
    expect((await putNote(id, 'one', { body: 'x' }))[0]).toBe(400);
    expect((await putNote(id, 9999, { body: 'x' }))[0]).toBe(404);
    expect((await putNote(id, 0, 'x'.repeat(64 * 1024)))[0]).toBe(413);
  });
});
