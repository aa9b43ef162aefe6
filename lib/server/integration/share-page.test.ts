/** What a share page gets for a real run: a refund with a typed order number and a HITL decision, through the simulator. */
import { describe, expect, it } from 'vitest';
import type { CreatedShareLink } from '@/lib/console/share-links';
import type { ConversationDetail, HitlStep } from '@/lib/console/types';
import { PROCEDURE_IDS } from '@/testing/sim';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as createRoute from '@/app/api/conversations/[id]/share-links/route';
import * as replyRoute from '@/app/api/fin/reply/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import * as submitRoute from '@/app/api/hitl-steps/[stepId]/submit/route';
import { PEER_HEADER } from '../auth/rate-limit';
import { getStepRow } from '../db/hitl-steps';
import { internalIdentifiers } from '../db/share-links';
import { openSharedReplay } from '../share-links';
import {
  actingAs,
  getRequest,
  harnessPerFile,
  jsonRequest,
  params,
  uid,
  waitFor,
} from '@/testing/server/harness';

const h = harnessPerFile();
const none = params({});
const REFUND = PROCEDURE_IDS.refund;

async function detail(id: string): Promise<ConversationDetail> {
  const res = await conversationRoute.GET(getRequest(`/api/conversations/${id}`), params({ id }));
  return (await res.json()) as ConversationDetail;
}

/** A refund run to its end: the user types `order`, a teammate approves it. */
async function refundRun(user: { id: string; name: string; email: string }, order: string) {
  const id = uid('share-run');
  const fullUser = { ...user, attributes: { plan_type: 'Pro', company: `${user.name} Ltd` } };
  const run = await runRoute.POST(
    jsonRequest(`/api/fin/procedures/${REFUND}/run`, { conversation_id: id, user: fullUser }),
    params({ procedureId: REFUND }),
  );
  expect(run.status).toBe(200);
  await waitFor(
    async () => (await detail(id)).conversation.status === 'awaiting_user_reply',
    5000,
    'the question',
  );
  const reply = await replyRoute.POST(
    jsonRequest('/api/fin/reply', {
      conversation_id: id,
      user: fullUser,
      message: { author: 'user', body: order },
    }),
    none,
  );
  expect(reply.status).toBe(200);
  const step = await waitFor(
    async () => {
      const res = await stepsRoute.GET(getRequest('/api/hitl-steps?status=pending'), none);
      return ((await res.json()) as HitlStep[]).find((s) => s.external_conversation_id === id);
    },
    5000,
    'the HITL step',
  );
  const values = step.attributes.map((a) => ({
    identifier: a.identifier,
    value: a.data_type === 'boolean' ? true : a.data_type === 'list' ? a.options![0]!.id : 25,
  }));
  const submit = await submitRoute.POST(
    jsonRequest(
      `/api/hitl-steps/${step.step_id}/submit`,
      { attribute_values: values },
      { as: await actingAs(h, 'Sam Approver', 'agent') },
    ),
    params({ stepId: step.step_id }),
  );
  expect(submit.status).toBe(200);
  await waitFor(
    async () => ['resolved', 'complete'].includes((await detail(id)).conversation.status),
    5000,
    'the end of the run',
  );
  const row = await getStepRow((await h.ctx()).db, step.step_id);
  expect(row?.callback_url).toMatch(/^http/);
  return {
    id,
    step: { step_id: step.step_id, callback_url: row!.callback_url, intercom_id: row!.conversation_id },
  };
}

async function share(id: string, redact?: boolean): Promise<string> {
  const res = await createRoute.POST(
    jsonRequest(`/api/conversations/${id}/share-links`, {
      expires_in_hours: 1,
      ...(redact === undefined ? {} : { redact }),
    }),
    params({ id }),
  );
  expect(res.status).toBe(201);
  return new URL(((await res.json()) as CreatedShareLink).url).pathname.split('/').pop()!;
}

const peer = (ip: string) => new Headers({ [PEER_HEADER]: ip });

describe('the share page’s data', () => {
  it('shows the run redacted: no ids, callback URL, or the user’s name, email, attributes or typed order number', async () => {
    const priya = { id: uid('priya'), name: 'Priya Raman', email: 'priya.raman@example.org' };
    const { id, step } = await refundRun(priya, 'ORD-55120');
    const shared = await openSharedReplay(await h.ctx(), await share(id), peer('198.51.100.1'));
    expect(shared.state).toBe('active');
    expect(await internalIdentifiers((await h.ctx()).db, id)).toEqual(
      expect.arrayContaining([id, step.step_id, step.callback_url, step.intercom_id]),
    );
    const { replay } = shared as Extract<typeof shared, { state: 'active' }>;
    const text = JSON.stringify(replay);
    for (const gone of [
      id,
      priya.id,
      priya.name,
      'Priya',
      'Raman',
      priya.email,
      'ORD-55120',
      step.step_id,
      step.callback_url,
      REFUND,
    ])
      expect(text, gone).not.toContain(gone);
    expect(text).not.toMatch(/collect_agent_input|\/fin\//);
    // The story still reads: Fin's steps, the HITL question and the decision.
    expect(replay.conversation.title).toBe('Refund request');
    expect(replay.conversation.user.name).toBe('End user');
    expect(text).toContain('Should we approve the refund for order [redacted]?');
    expect(replay.hitl[0]).toMatchObject({ state: 'answered', answered_by: 'Sam Approver' });
    expect(replay.steps.some((s) => s.kind === 'fin' && s.html.includes('[redacted]'))).toBe(true);
  });

  it('shows the user as they were when made without redaction, still without ids', async () => {
    const omar = { id: uid('omar'), name: 'Omar Haddad', email: 'omar.haddad@example.org' };
    const { id, step } = await refundRun(omar, 'ORD-90001');
    const shared = await openSharedReplay(await h.ctx(), await share(id, false), peer('198.51.100.2'));
    const text = JSON.stringify(shared);
    expect(text).toContain('Omar Haddad');
    expect(text).toContain('ORD-90001');
    for (const gone of [id, omar.id, step.step_id, step.callback_url]) expect(text, gone).not.toContain(gone);
  });

  it('opens only the conversation its link was made for', async () => {
    const a = await refundRun({ id: uid('ana'), name: 'Ana Silva', email: 'ana@example.org' }, 'ORD-11111');
    const b = await refundRun({ id: uid('ben'), name: 'Ben Okoro', email: 'ben@example.org' }, 'ORD-22222');
    const [tokenA, tokenB] = [await share(a.id, false), await share(b.id, false)];
    const ctx = await h.ctx();
    const seenA = JSON.stringify(await openSharedReplay(ctx, tokenA, peer('198.51.100.3')));
    const seenB = JSON.stringify(await openSharedReplay(ctx, tokenB, peer('198.51.100.3')));
    expect(seenA).toContain('ORD-11111');
    expect(seenA).not.toMatch(/ORD-22222|Ben Okoro/);
    expect(seenB).toContain('ORD-22222');
    expect(seenB).not.toMatch(/ORD-11111|Ana Silva/);
  });

  it('slows down one address opening link after link, and no other', async () => {
    const ctx = await h.ctx();
    const guesses = Array.from({ length: 31 }, (_, i) => `guess-${i}`);
    const answers = [];
    for (const guess of guesses)
      answers.push((await openSharedReplay(ctx, guess, peer('203.0.113.9'))).state);
    expect(answers.slice(0, 30).every((s) => s === 'unknown')).toBe(true);
    expect(answers[30]).toBe('rate_limited');
    expect((await openSharedReplay(ctx, 'guess', peer('203.0.113.10'))).state).toBe('unknown');
  });
});
