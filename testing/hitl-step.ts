import type { HitlStep } from '@/lib/console/types';

/** A valid pending HITL step as the console's API returns it, for tests; override what matters. */
export function hitlStep(over: Partial<HitlStep> = {}): HitlStep {
  return {
    step_id: 's1',
    conversation_id: '215473853299345',
    external_conversation_id: 'ext-1',
    link: 'intercom_id',
    link_evidence: [],
    linked_by: null,
    procedure_name: 'Refund request',
    hitl_question: 'Should we approve the refund for order 123?',
    attributes: [],
    expires_at: null,
    priority: 'priority',
    assign_to: { type: 'team', id: '1', name: 'Billing' },
    conversation_url: 'https://app.intercom.com/a/inbox/x/conversation/215473853299345',
    recent_messages: [
      {
        id: 'm1',
        part_type: 'comment',
        body: '<p>Hi</p>',
        created_at: 1,
        author: { type: 'bot', id: 'b', name: 'Fin' },
      },
      {
        id: 'm2',
        part_type: 'comment',
        body: '<p>Refund</p>',
        created_at: 2,
        author: { type: 'user', id: 'u', name: 'Jane Doe', email: 'jane@example.com' },
      },
    ],
    status: 'pending',
    claimed_by: null,
    claimed_by_id: null,
    claim_expires_at: null,
    answered_by: null,
    answered_at: null,
    attribute_values: null,
    outcome: null,
    received_at: '2026-03-01T11:50:00Z',
    version: 1,
    ...over,
  };
}
