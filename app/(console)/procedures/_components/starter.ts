import type { ProcedureInput } from '@/lib/procedures/schema';

/** What "New procedure" starts from: one step of each kind, so the shape is there to edit. */
export function starterProcedure(): ProcedureInput {
  return {
    name: 'New procedure',
    description: 'Describe what this procedure does for the customer.',
    live: true,
    api_trigger: true,
    audience: [],
    csat: false,
    steps: [
      { id: 'greet', kind: 'say', html: '<p>Hi! I can help with that.</p>' },
      { id: 'ask_details', kind: 'ask_user', question: '<p>What is it about?</p>', store: 'details' },
      {
        id: 'review',
        kind: 'hitl',
        question: 'Can we help with: {{details}}?',
        priority: 'not_priority',
        assign_to: null,
        attributes: [
          {
            key: 'approved',
            uuid: crypto.randomUUID(),
            name: 'Approved',
            label: 'Approve',
            data_type: 'boolean',
          },
        ],
      },
      {
        id: 'decide',
        kind: 'branch',
        on: 'approved',
        cases: [{ op: 'eq', value: true, goto: 'done' }],
        otherwise: 'hand_over',
      },
      { id: 'done', kind: 'resolve' },
      { id: 'hand_over', kind: 'escalate', reason: 'Routed to team' },
    ],
  };
}
