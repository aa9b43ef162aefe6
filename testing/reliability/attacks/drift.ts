/**
 * Contract drift: a delivery the console can authenticate is answered 2xx and kept, since a 4xx
 * makes Intercom retry and, repeated, suspend the webhook.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { HITL_TOPIC, SIGNATURE_HEADERS } from '@/lib/fin';
import type { Attack, AttackOutcome } from './types';

export interface Probe {
  what: string;
  /** The webhook's answer status. */
  status: number;
  /** Whether what it carried could be read back from the console afterwards. */
  kept: boolean;
}

/** A breach when any signed delivery was refused (4xx/5xx) or not kept; the detail lists each. */
export function judge(probes: readonly Probe[]): AttackOutcome {
  const bad = probes.filter((p) => p.status >= 300 || !p.kept);
  return {
    breach: bad.length > 0,
    detail: `${probes.length - bad.length}/${probes.length} signed deliveries answered 2xx and kept (${probes
      .map((p) => `${p.what}: ${p.status}${p.kept ? ', kept' : ', not kept'}`)
      .join('; ')})`,
  };
}

const sign = (alg: 'sha1' | 'sha256', secret: string, raw: string) =>
  `${alg}=${createHmac(alg, secret).update(raw).digest('hex')}`;

async function deliver(url: string, header: string, signature: string, raw: string): Promise<number> {
  const res = await fetch(`${url}/api/webhooks/intercom`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [header]: signature },
    body: raw,
  });
  await res.arrayBuffer();
  return res.status;
}

async function readJson(url: string, token: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, json: null };
  }
}

export const driftAttacks: Attack[] = [
  {
    item: 'RW1',
    name: 'signed Fin events off the contract (nulls, new status, unknown event) are refused or dropped',
    needs: 'http',
    async run({ rig, served }) {
      const url = served!.url;
      const id = `drift-${randomUUID()}`;
      const now = () => new Date().toISOString();
      const events = [
        {
          what: 'new status with nulls',
          body: {
            event_name: 'fin_status_updated',
            conversation_id: id,
            user_id: null,
            status: 'paused',
            reason: null,
            created_at_ms: now(),
          },
        },
        {
          what: 'unknown event',
          body: {
            event_name: 'fin_thought_shared',
            conversation_id: id,
            thought: { text: 'x' },
            created_at_ms: now(),
          },
        },
      ];
      const statuses: number[] = [];
      for (const e of events) {
        const raw = JSON.stringify(e.body);
        statuses.push(await deliver(url, SIGNATURE_HEADERS.fin, sign('sha256', rig.eventsSecret, raw), raw));
      }
      const detail = await readJson(`${url}/api/conversations/${encodeURIComponent(id)}`, rig.adminToken);
      const stored = (
        (detail.json as { events?: { event: { event_name?: string; name?: string } }[] } | null)?.events ?? []
      ).map((s) => (s.event.event_name === 'fin_other_event' ? s.event.name : s.event.event_name));
      return judge(
        events.map((e, i) => ({
          what: e.what,
          status: statuses[i]!,
          kept: stored.includes(e.body.event_name),
        })),
      );
    },
  },
  {
    item: 'RW1',
    name: 'a signed HITL notification with only what answering needs is refused',
    needs: 'http',
    async run({ rig, served }) {
      const url = served!.url;
      const stepId = randomUUID();
      const intercomId = `2154${Date.now()}`;
      const raw = JSON.stringify(
        minimalHitlNotification(
          rig.env.finApiBaseUrl,
          intercomId,
          stepId,
          'workflow_local_variables.drift',
          'colour',
          {
            priority: null,
            recent_messages: null,
          },
        ),
      );
      const status = await deliver(url, SIGNATURE_HEADERS.app, sign('sha1', rig.clientSecret, raw), raw);
      const step = await readJson(`${url}/api/hitl-steps/${encodeURIComponent(stepId)}`, rig.adminToken);
      return judge([{ what: 'minimal HITL notification', status, kept: step.status === 200 }]);
    },
  },
];

/** A HITL notification with only what answering needs (and `extra`), as Intercom may send one. */
export function minimalHitlNotification(
  finBase: string,
  intercomId: string,
  stepId: string,
  identifier: string,
  dataType: string,
  extra: Record<string, unknown>,
) {
  return {
    id: `notif_${randomUUID()}`,
    topic: HITL_TOPIC,
    data: {
      item: {
        conversation_id: intercomId,
        step_id: stepId,
        callback_url: `${finBase}/procedures/${intercomId}/collect_agent_input`,
        attributes_to_collect: [{ identifier, data_type: dataType }],
        ...extra,
      },
    },
  };
}
