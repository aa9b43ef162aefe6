import { describe, expect, it } from 'vitest';
import {
  askRequestSchema,
  escalateRequestSchema,
  eventKey,
  hitlNotificationSchema,
  MESSAGES,
  notificationEventSchema,
  parseEventData,
  runProcedureRequestSchema,
  zodErrorList,
} from '.';

const user = { id: 'u1' };
const message = { author: 'user' as const, body: 'hi' };

function messages(result: { success: boolean; error?: unknown }) {
  if (result.success) return [];
  return zodErrorList(result.error as never).errors.map((e) => e.message);
}

describe('request schemas mirror the contract messages', () => {
  it('ask needs an external conversation id and a user id', () => {
    expect(messages(askRequestSchema.safeParse({ message, user: {} }))).toEqual([
      MESSAGES.externalConversationIdRequired,
      MESSAGES.userIdRequired,
    ]);
  });
  it('caps history and attributes at 10', () => {
    const attributes = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, i]));
    const r = askRequestSchema.safeParse({
      conversation_id: 'c',
      message,
      user: { id: 'u', attributes },
      conversation_metadata: { history: Array.from({ length: 11 }, () => message) },
    });
    expect(messages(r)).toEqual([MESSAGES.tooManyAttributes, MESSAGES.historyTooLong]);
    expect(askRequestSchema.safeParse({ conversation_id: 'c', message, user: { id: 'u', attributes: { a: 1 } } }).success).toBe(true);
  });
  it('escalate takes exactly one of conversation_id or user', () => {
    expect(messages(escalateRequestSchema.safeParse({}))).toEqual([MESSAGES.escalateNeedsTarget]);
    expect(messages(escalateRequestSchema.safeParse({ conversation_id: 'c', user }))).toEqual([MESSAGES.escalateNeedsTarget]);
    expect(escalateRequestSchema.safeParse({ user, message: 'help' }).success).toBe(true);
    expect(messages(escalateRequestSchema.safeParse({ conversation_id: 'c', context: 'x'.repeat(10_001) }))[0]).toMatch(/10000/);
  });
  it('run accepts attributes but caps them', () => {
    expect(runProcedureRequestSchema.safeParse({ conversation_id: 'c', user }).success).toBe(true);
    const attributes = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, i]));
    expect(messages(runProcedureRequestSchema.safeParse({ conversation_id: 'c', user, conversation_metadata: { attributes } }))).toEqual([
      MESSAGES.tooManyAttributes,
    ]);
  });
});

describe('events', () => {
  const status = { event_name: 'fin_status_updated', conversation_id: 'c', user_id: 'u', status: 'complete', created_at_ms: '2025-01-24T10:00:00.123Z' };
  it('parses bare and enveloped SSE data', () => {
    expect(parseEventData(JSON.stringify(status))?.event_name).toBe('fin_status_updated');
    expect(parseEventData(JSON.stringify({ id: 'x', name: 'm', data: JSON.stringify(status) }))?.event_name).toBe('fin_status_updated');
    expect(parseEventData('not json')).toBeNull();
    expect(parseEventData(JSON.stringify({ event_name: 'nope' }))).toBeNull();
  });
  it('keys replies by message id and chunks by stream position', () => {
    const reply = parseEventData(JSON.stringify({ event_name: 'fin_replied', conversation_id: 'c', user_id: 'u', status: 'replying', created_at_ms: 't', message: { id: 'm1', author: 'fin', body: '<p>x</p>', timestamp_ms: 't' } }));
    expect(reply && eventKey(reply)).toBe('reply:m1');
    const chunk = parseEventData(JSON.stringify({ event_name: 'fin_reply_chunk', conversation_id: 'c', stream_id: 's', chunk_index: 2, chunk_text: 'a', status: 'replying', created_at_ms: 't' }));
    expect(chunk && eventKey(chunk)).toBe('chunk:s:2');
  });
});

describe('HITL webhook', () => {
  it('accepts the documented example', () => {
    const envelope = {
      type: 'notification_event', topic: 'procedure.hitl_notification.created', id: 'notif_1', app_id: 'a', created_at: 1700000000, delivery_attempts: 1, first_sent_at: 1700000000,
      data: { type: 'notification_event_data', item: {
        type: 'procedure.hitl_notification', app_id: 'a', conversation_id: '215473853299345', step_id: 'd5b8', procedure_name: 'Refund Request', hitl_question: 'Approve?',
        attributes_to_collect: [{ type: 'data_attribute', identifier: 'workflow_local_variables.x', name: 'Approve', label: 'Approve', data_type: 'boolean' }],
        callback_url: 'https://api.intercom.io/procedures/215473853299345/collect_agent_input', expires_at: 1700086400, priority: 'priority',
        assign_to: { type: 'team', id: '814865', name: 'Customer Support' }, conversation_url: 'https://app.intercom.com/x',
        recent_messages: [{ type: 'conversation_part', id: '98765', part_type: 'comment', body: '<p>Hi</p>', created_at: 1699999800, author: { type: 'bot', id: '1', name: 'Fin', email: null } }],
      } },
    };
    const env = notificationEventSchema.parse(envelope);
    expect(hitlNotificationSchema.parse(env.data.item).attributes_to_collect[0]?.data_type).toBe('boolean');
  });
});
