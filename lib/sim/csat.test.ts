import { describe, expect, it } from 'vitest';
import { MESSAGES, type FinEvent } from '@/lib/fin';
import {
  eventFlow,
  PROCEDURE_IDS,
  runProcedure,
  replyAndRead,
  simAdvanceClock,
  simConversation,
  simRigPerFile,
  subscribe,
  waitFor,
} from '@/testing/sim';

const rig = simRigPerFile({ webhookUrl: undefined });

const user = { id: 'u-csat' };

async function surveyed(id: string) {
  await runProcedure(rig, PROCEDURE_IDS.orderStatus, id, user);
  await waitFor(async () =>
    ((await simConversation(rig.url, id)).events as FinEvent[]).some(
      (e) => e.event_name === 'csat_requested',
    ),
  );
}

const rate = (conversation_id: string, rating: string, remark?: string) =>
  rig.call('/fin/csat', { conversation_id, rating, ...(remark === undefined ? {} : { remark }) });

describe('CSAT', () => {
  it('csat_requested follows complete with the five documented rating keys', async () => {
    const run = await runProcedure(rig, PROCEDURE_IDS.orderStatus, 'opts', user);
    const sub = await subscribe(run.body.sse_subscription_url);
    await sub.done;
    const last = sub.events.at(-1);
    expect(sub.events.at(-2)).toMatchObject({ event_name: 'fin_status_updated', status: 'complete' });
    expect(last).toMatchObject({
      event_name: 'csat_requested',
      conversation_id: 'opts',
      user_id: 'u-csat',
      created_at_ms: expect.any(String),
    });
    expect(last?.event_name === 'csat_requested' && last.csat.options.map((o) => o.key)).toEqual([
      'terrible',
      'bad',
      'ok',
      'good',
      'amazing',
    ]);
  });

  it('a conversational start that the user closes with thanks is resolved and surveyed', async () => {
    const start = await rig.call('/fin/start', {
      conversation_id: 'thanks',
      message: { author: 'user', body: 'Where are my invoices?' },
      user,
    });
    await (
      await subscribe(start.body.sse_subscription_url)
    ).done;
    const { sub } = await replyAndRead(rig, 'thanks', 'Perfect, thanks!', user);
    expect(eventFlow(sub.events)).toEqual([
      'fin_replied',
      'status:resolved',
      'status:complete',
      'csat_requested',
    ]);
    expect((await rate('thanks', 'good')).status).toBe(200);
  });

  it('records a rating, is idempotent, allows a change and one remark, then locks', async () => {
    await surveyed('rate');
    expect(await rate('rate', 'good')).toEqual({
      status: 200,
      body: { conversation_id: 'rate', rating: 'good', status: 'rated' },
    });
    expect(await rate('rate', 'good')).toEqual({
      status: 200,
      body: { conversation_id: 'rate', rating: 'good', status: 'rated' },
    });
    expect((await rate('rate', 'amazing')).body.rating).toBe('amazing');
    expect((await rate('rate', 'amazing', 'Fin solved my problem in seconds.')).status).toBe(200);
    expect((await rate('rate', 'amazing', 'Fin solved my problem in seconds.')).status).toBe(200);
    expect((await rate('rate', 'amazing')).status).toBe(200);
    const locked = { status: 422, body: { errors: { base: MESSAGES.csatLocked } } };
    expect(await rate('rate', 'bad')).toEqual(locked);
    expect(await rate('rate', 'amazing', 'Changed my mind')).toEqual(locked);
    expect((await simConversation(rig.url, 'rate')).csat).toMatchObject({
      rating: 'amazing',
      remark: 'Fin solved my problem in seconds.',
    });
  });

  it('answers the documented 422 bodies', async () => {
    expect(await rate('nobody', 'good')).toEqual({
      status: 422,
      body: { errors: { external_conversation_id: MESSAGES.csatConversationNotFound } },
    });
    await rig.call('/fin/ask', {
      conversation_id: 'no-survey',
      message: { author: 'user', body: 'hi' },
      user,
    });
    expect(await rate('no-survey', 'good')).toEqual({
      status: 422,
      body: { errors: { base: MESSAGES.csatNotRequested } },
    });
    await surveyed('bad-rating');
    expect(await rate('bad-rating', 'meh')).toEqual({
      status: 422,
      body: { errors: { rating: MESSAGES.csatInvalidRating } },
    });
  });

  it('closes the rating window a day after the survey', async () => {
    await surveyed('late');
    await simAdvanceClock(rig.url, 25 * 60 * 60 * 1000);
    expect(await rate('late', 'ok')).toEqual({
      status: 422,
      body: { errors: { base: MESSAGES.csatWindowClosed } },
    });
  });

  it('a missing conversation_id is a 400 error.list', async () => {
    const res = await rig.call('/fin/csat', { rating: 'good' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      type: 'error.list',
      errors: [{ code: 'parameter_invalid', message: MESSAGES.conversationIdRequired }],
    });
  });
});
