import { createHmac, randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import { CLIENT_SECRET, EVENTS_SECRET } from './procs';
import { http, type HttpAnswer } from './http';

export function signedFinEvent(
  conversationId: string,
  n: number,
  secret = EVENTS_SECRET,
): { body: string; headers: Record<string, string> } {
  const at = new Date().toISOString();
  const body = JSON.stringify({
    event_name: 'fin_replied',
    conversation_id: conversationId,
    user_id: 'bench-user',
    message: { id: `bench-msg-${randomUUID()}`, author: 'fin', body: `<p>Answer ${n}</p>`, timestamp_ms: at },
    status: 'replying',
    created_at_ms: at,
  });
  return {
    body,
    headers: {
      'x-fin-agent-api-webhook-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}

const DATA_TYPES = ['string', 'integer', 'decimal', 'boolean', 'list', 'datetime'] as const;

export function signedHitl(opts: {
  attributes: number;
  /** The console's FIN_API_BASE_URL: the only place a callback_url it accepts can point. */
  finApiBaseUrl: string;
  conversationId?: string;
  question?: string;
}): {
  stepId: string;
  body: string;
  headers: Record<string, string>;
} {
  const stepId = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const conversationId = opts.conversationId ?? String(700000000 + Math.floor(Math.random() * 99999999));
  const item = {
    type: 'procedure.hitl_notification',
    app_id: 'bench_app',
    conversation_id: conversationId,
    step_id: stepId,
    procedure_name: 'Refund request',
    hitl_question: opts.question ?? 'Approve this refund?',
    attributes_to_collect: Array.from({ length: opts.attributes }, (_, i) => {
      const data_type = DATA_TYPES[i % DATA_TYPES.length]!;
      return {
        type: 'data_attribute',
        identifier: `attr_${i}`,
        name: `attr_${i}`,
        label: `Attribute ${i + 1} (${data_type})`,
        data_type,
        options:
          data_type === 'list'
            ? [
                { id: 'a', label: 'Option A' },
                { id: 'b', label: 'Option B' },
                { id: 'c', label: 'Option C' },
              ]
            : null,
      };
    }),
    callback_url: `${opts.finApiBaseUrl}/procedures/${conversationId}/collect_agent_input`,
    expires_at: now + 24 * 3600,
    priority: 'not_priority',
    assign_to: null,
    recent_messages: [],
  };
  const body = JSON.stringify({
    type: 'notification_event',
    id: `notif_${randomUUID()}`,
    topic: 'procedure.hitl_notification.created',
    app_id: 'bench_app',
    created_at: now,
    delivery_attempts: 1,
    first_sent_at: now,
    data: { type: 'notification_event_data', item },
  });
  return {
    stepId,
    body,
    headers: { 'x-hub-signature': `sha1=${createHmac('sha1', CLIENT_SECRET).update(body).digest('hex')}` },
  };
}

export function postWebhook(
  agent: Agent,
  consoleUrl: string,
  signed: { body: string; headers: Record<string, string> },
): Promise<HttpAnswer> {
  return http(agent, 'POST', `${consoleUrl}/api/webhooks/intercom`, signed.body, signed.headers);
}
