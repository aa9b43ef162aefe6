/**
 * Phase 3: what can be checked about access before there is a sign-in system.
 *   - forged webhooks (bad sha1 on an app notification, bad sha256 on a Fin event, a missing
 *     or cross-algorithm signature, a valid signature moved onto another body) are refused
 *     with 401 and store nothing;
 *   - a replayed webhook (same envelope id, even with another step in it) adds no second step,
 *     a replayed Fin event no second event;
 *   - the Fin token appears in no API answer (body or header) seen during the whole run, and
 *     in no log line captured meanwhile.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { HITL_TOPIC } from '@/lib/fin';
import type { Api } from './api';
import type { Rig } from './rig';

export interface AccessResult {
  checks: number;
  violations: string[];
}

const hmac = (alg: 'sha1' | 'sha256', key: string, raw: string) =>
  `${alg}=${createHmac(alg, key).update(raw).digest('hex')}`;

function envelope(rig: Rig, id: string, stepId: string, conversationId = '215473999000001') {
  return JSON.stringify({
    type: 'notification_event',
    topic: HITL_TOPIC,
    id,
    app_id: 'app',
    created_at: Math.floor(Date.now() / 1000),
    delivery_attempts: 1,
    data: {
      type: 'notification_event_data',
      item: {
        type: 'procedure.hitl_notification',
        app_id: 'app',
        conversation_id: conversationId,
        step_id: stepId,
        procedure_name: 'Access check',
        hitl_question: 'Approve?',
        attributes_to_collect: [
          {
            type: 'data_attribute',
            identifier: 'workflow_local_variables.a',
            name: 'A',
            label: 'A',
            data_type: 'boolean',
          },
        ],
        callback_url: `${rig.simUrl}/procedures/${conversationId}/collect_agent_input`,
        expires_at: null,
      },
    },
  });
}

const finEvent = (conversationId: string) =>
  JSON.stringify({
    event_name: 'fin_status_updated',
    conversation_id: conversationId,
    user_id: 'access-user',
    status: 'escalated',
    reason: 'Routed to team',
    created_at_ms: new Date().toISOString(),
  });

export async function runAccessChecks(
  rig: Rig,
  api: Api,
  lines: { level: string; text: string }[],
): Promise<AccessResult> {
  const violations: string[] = [];
  let checks = 0;
  const check = (ok: boolean, what: string) => {
    checks++;
    if (!ok) violations.push(what);
  };
  const hook = (raw: string, headers: Record<string, string>) => api.call('webhook', { body: raw, headers });
  const stepCount = async (stepId: string) =>
    (
      await (
        await rig.ctx()
      ).db.query<{ n: number }>('SELECT count(*)::int AS n FROM hitl_steps WHERE step_id = $1', [stepId])
    )[0]?.n ?? 0;
  const eventCount = async (conversationId: string) =>
    (
      await (
        await rig.ctx()
      ).db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE conversation_id = $1', [
        conversationId,
      ])
    )[0]?.n ?? 0;
  const refused = (status: number, json: unknown) =>
    status === 401 &&
    (json as { type?: string; errors?: { message?: string }[] } | null)?.type === 'error.list' &&
    !!(json as { errors: { message?: string }[] }).errors[0]?.message;

  // Forged app notification: bad sha1, missing signature, sha256 where sha1 belongs, a valid signature of another body.
  {
    const stepId = `access-forged-${randomUUID()}`;
    const raw = envelope(rig, `notif_${randomUUID()}`, stepId);
    const other = envelope(rig, `notif_${randomUUID()}`, `${stepId}-other`);
    const attempts: [string, Record<string, string>][] = [
      ['bad sha1', { 'X-Hub-Signature': hmac('sha1', `${rig.clientSecret}-wrong`, raw) }],
      ['no signature', {}],
      [
        'sha256 in the sha1 header',
        { 'X-Hub-Signature': hmac('sha256', rig.clientSecret, raw).replace('sha256', 'sha1') },
      ],
      ['signature of another body', { 'X-Hub-Signature': hmac('sha1', rig.clientSecret, other) }],
      ['empty signature', { 'X-Hub-Signature': '' }],
      ['events secret on an app notification', { 'X-Hub-Signature': hmac('sha1', rig.eventsSecret, raw) }],
    ];
    for (const [what, headers] of attempts) {
      const res = await hook(raw, headers);
      check(refused(res.status, res.json), `forged HITL webhook (${what}) answered ${res.status}`);
    }
    check((await stepCount(stepId)) === 0, 'a forged HITL webhook created a step');
  }

  // Forged Fin event: bad sha256, sha1 in the sha256 header, client secret instead of the events secret.
  {
    const conversationId = `access-forged-${randomUUID()}`;
    const raw = finEvent(conversationId);
    const attempts: [string, Record<string, string>][] = [
      [
        'bad sha256',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', `${rig.eventsSecret}-wrong`, raw) },
      ],
      [
        'sha1 in the sha256 header',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha1', rig.eventsSecret, raw) },
      ],
      [
        'truncated sha256',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', rig.eventsSecret, raw).slice(0, 40) },
      ],
      [
        'signature of another body',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', rig.eventsSecret, finEvent('other')) },
      ],
    ];
    if (rig.clientSecret !== rig.eventsSecret)
      attempts.push([
        'client secret on a Fin event',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', rig.clientSecret, raw) },
      ]);
    for (const [what, headers] of attempts) {
      const res = await hook(raw, headers);
      check(refused(res.status, res.json), `forged Fin event (${what}) answered ${res.status}`);
    }
    const detail = await api.call('conversation', { params: { id: conversationId } });
    check(detail.status === 404 && (await eventCount(conversationId)) === 0, 'a forged Fin event was stored');
  }

  // Replays: the same envelope id again (also carrying another step), the same Fin event again.
  {
    const envelopeId = `notif_${randomUUID()}`;
    const first = `access-replay-${randomUUID()}`;
    const second = `access-replay-${randomUUID()}`;
    const raw = envelope(rig, envelopeId, first);
    const sig = { 'X-Hub-Signature': hmac('sha1', rig.clientSecret, raw) };
    const a = await hook(raw, sig);
    const b = await hook(raw, sig);
    check(a.status === 200 && b.status === 200, `replayed HITL webhook answered ${a.status}/${b.status}`);
    check((await stepCount(first)) === 1, 'a replayed HITL webhook stored the step twice');
    const swapped = envelope(rig, envelopeId, second);
    const c = await hook(swapped, { 'X-Hub-Signature': hmac('sha1', rig.clientSecret, swapped) });
    check(c.status < 500, `a replayed envelope id with another step answered ${c.status}`);
    check((await stepCount(second)) === 0, 'a replayed envelope id created a second step');

    const conversationId = `access-replay-${randomUUID()}`;
    const ev = finEvent(conversationId);
    const evSig = { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', rig.eventsSecret, ev) };
    const d = await hook(ev, evSig);
    const e = await hook(ev, evSig);
    check(d.status === 200 && e.status === 200, `replayed Fin event answered ${d.status}/${e.status}`);
    check((await eventCount(conversationId)) === 1, 'a replayed Fin event was stored twice');
  }

  // The Fin token: not in any answer of the run (the inspector and health included), not in any log line.
  for (const name of ['calls', 'health', 'conversations', 'steps'] as const) {
    const res = await api.call(name);
    check(res.status === 200, `GET ${name} answered ${res.status}`);
  }
  check(
    api.leaks.length === 0,
    `a token appeared in ${api.leaks.length} answer(s): ${api.leaks
      .slice(0, 3)
      .map((l) => `${l.where} ${l.part}`)
      .join(', ')}`,
  );
  const leakedLines = lines.filter((l) => l.text.includes(rig.token));
  check(
    leakedLines.length === 0,
    `the Fin token appeared in ${leakedLines.length} log line(s): ${leakedLines[0]?.text.slice(0, 120) ?? ''}`,
  );
  return { checks, violations };
}
