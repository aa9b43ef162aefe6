import type { ProcedureDef } from './procedure-types';

export type { ProcedureDef } from './procedure-types';

/** Ids of the seeded procedures, for tests and docs. */
export const PROCEDURE_IDS = {
  refund: '41001',
  resetPassword: '41002',
  planUpgrade: '41003',
  accountDeletion: '41004',
  billingDispute: '41005',
  dataExport: '41006',
  shippingAddress: '41007',
  priorityCallback: '41008',
  orderStatus: '41009',
} as const;

const BILLING_TEAM = { type: 'team', id: '814865', name: 'Billing' } as const;

/**
 * The workspace's procedures. Placeholders `{{var}}` read values collected by ask_user and
 * HITL steps (`|money`, `|date` format them; list values also expose `<key>_label`).
 */
export const PROCEDURES: readonly ProcedureDef[] = [
  {
    id: PROCEDURE_IDS.refund,
    name: 'Refund request',
    description:
      'Collect the order number, get a billing teammate to approve the refund, then confirm it with the customer.',
    live: true,
    api_trigger: true,
    audience: [],
    csat: true,
    steps: [
      {
        id: 'greet',
        kind: 'say',
        stream: true,
        html: "<p>I can help with a refund. I'll just need a couple of details first.</p>",
      },
      {
        id: 'ask_order',
        kind: 'ask_user',
        question: "<p>What's the order number you'd like refunded?</p>",
        store: 'order_number',
      },
      {
        id: 'checking',
        kind: 'say',
        html: "<p>Thanks! I've found order <strong>{{order_number}}</strong>. I'm checking with our billing team now — this usually takes a few minutes.</p>",
      },
      {
        id: 'approval',
        kind: 'hitl',
        question: 'Should we approve the refund for order {{order_number}}?',
        priority: 'priority',
        assign_to: BILLING_TEAM,
        attributes: [
          {
            key: 'approve_refund',
            uuid: '4c0a665d-69ec-49ba-b082-a5cc8fe200f5',
            name: 'Approve Refund',
            label: 'Approve refund',
            data_type: 'boolean',
          },
          {
            key: 'refund_reason',
            uuid: 'd02001c3-9f1f-4784-849e-dca756713202',
            name: 'Refund Reason',
            label: 'Refund reason',
            data_type: 'list',
            options: [
              { id: '85f00ba7-558c-4b02-a397-6f5c3659941c', label: 'Defective product' },
              { id: 'a3e2f1c4-7890-4b5d-9e6f-0123456789ab', label: 'Changed mind' },
              { id: '4749e581-5bcf-4e86-8ef2-af365ec16b32', label: 'Arrived late' },
            ],
          },
          {
            key: 'refund_amount',
            uuid: 'b37e602c-e5a5-402d-8fb0-7e6d3291ad9a',
            name: 'Refund Amount',
            label: 'Refund amount (USD)',
            data_type: 'decimal',
          },
        ],
      },
      {
        id: 'decide',
        kind: 'branch',
        on: 'approve_refund',
        cases: [{ op: 'eq', value: true, goto: 'approved' }],
        otherwise: 'declined',
      },
      {
        id: 'approved',
        kind: 'say',
        stream: true,
        html: "<p>Good news — your refund of <strong>${{refund_amount|money}}</strong> ({{refund_reason_label}}) has been approved. You'll see it on your statement within 5–10 business days.</p>",
        next: 'done',
      },
      {
        id: 'declined',
        kind: 'say',
        html: "<p>I'm sorry, we weren't able to approve this refund. I'm passing you to a teammate who can look at other options.</p>",
        next: 'handoff',
      },
      { id: 'handoff', kind: 'escalate', reason: 'Routed to team' },
      { id: 'done', kind: 'resolve' },
    ],
  },
  {
    id: PROCEDURE_IDS.resetPassword,
    name: 'Reset password',
    description: 'Walk the user through resetting their password.',
    live: true,
    api_trigger: true,
    audience: [],
    csat: false,
    steps: [
      { id: 'intro', kind: 'say', html: '<p>I can help you reset your password.</p>' },
      {
        id: 'ask_email',
        kind: 'ask_user',
        question: '<p>Which email address do you use to sign in?</p>',
        store: 'login_email',
      },
      {
        id: 'sent',
        kind: 'say',
        stream: true,
        html: "<p>Done! I've sent a reset link to <strong>{{login_email}}</strong>. It expires in 30 minutes, so check your spam folder if it doesn't arrive.</p>",
      },
      { id: 'done', kind: 'resolve' },
    ],
  },
  {
    id: PROCEDURE_IDS.planUpgrade,
    name: 'Plan upgrade',
    description: 'Upgrade a Starter or Pro workspace after sales confirms the seat count and start date.',
    live: true,
    api_trigger: true,
    audience: [{ attribute: 'plan_type', op: 'in', values: ['Starter', 'Pro'] }],
    csat: false,
    steps: [
      {
        id: 'intro',
        kind: 'say',
        html: "<p>Let's get your plan upgraded. A teammate will confirm the details with me.</p>",
      },
      {
        id: 'quote',
        kind: 'hitl',
        question: 'How many seats should the upgrade include, and when should it take effect?',
        priority: 'not_priority',
        assign_to: { type: 'team', id: '814870', name: 'Sales' },
        attributes: [
          {
            key: 'seats',
            uuid: 'fd8a5778-5cfe-429f-a45e-066ba19fe215',
            name: 'Seats',
            label: 'Number of seats',
            data_type: 'integer',
          },
          {
            key: 'effective_date',
            uuid: '8ccc51f7-14f0-4d28-a691-c80e52ad272c',
            name: 'Effective Date',
            label: 'Upgrade takes effect',
            data_type: 'datetime',
          },
        ],
      },
      {
        id: 'size',
        kind: 'branch',
        on: 'seats',
        cases: [{ op: 'gte', value: 50, goto: 'enterprise' }],
        otherwise: 'confirm',
      },
      {
        id: 'confirm',
        kind: 'say',
        html: '<p>Your upgrade to <strong>{{seats}} seats</strong> is confirmed and takes effect on {{effective_date|date}}.</p>',
        next: 'done',
      },
      {
        id: 'enterprise',
        kind: 'say',
        html: "<p>With {{seats}} seats you qualify for our Enterprise plan, so I'm connecting you with our sales team.</p>",
        next: 'to_sales',
      },
      { id: 'to_sales', kind: 'escalate', reason: 'Escalation rule: Enterprise upgrades' },
      { id: 'done', kind: 'resolve' },
    ],
  },
  {
    id: PROCEDURE_IDS.accountDeletion,
    name: 'Account deletion',
    description:
      'Delete a workspace once a teammate has verified the requester; escalates if nobody answers in time.',
    live: true,
    api_trigger: true,
    audience: [],
    csat: false,
    steps: [
      {
        id: 'warn',
        kind: 'say',
        stream: true,
        html: '<p>Deleting your account is <strong>permanent</strong>: your workspace, conversations and billing history will be removed.</p>',
      },
      {
        id: 'verify',
        kind: 'hitl',
        question: "Has the customer's identity been verified for account deletion?",
        priority: 'priority',
        assign_to: { type: 'admin', id: '991201', name: 'Alex Morgan' },
        expires_in_s: 900,
        on_timeout: 'timed_out',
        attributes: [
          {
            key: 'identity_verified',
            uuid: 'ec3f367f-c7f2-4b17-8852-d13a8b0e3113',
            name: 'Identity Verified',
            label: 'Identity verified',
            data_type: 'boolean',
          },
          {
            key: 'verification_notes',
            uuid: '5849b803-b5b0-426d-b5c6-d501bac0b6a4',
            name: 'Verification Notes',
            label: 'How was it verified?',
            data_type: 'string',
          },
        ],
      },
      {
        id: 'decide',
        kind: 'branch',
        on: 'identity_verified',
        cases: [{ op: 'eq', value: true, goto: 'scheduled' }],
        otherwise: 'not_verified',
      },
      {
        id: 'scheduled',
        kind: 'say',
        html: "<p>Your account is scheduled for deletion. You'll get a confirmation email within 24 hours.</p>",
        next: 'done',
      },
      {
        id: 'not_verified',
        kind: 'say',
        html: "<p>We couldn't verify your identity, so I can't delete the account yet. A teammate will follow up.</p>",
        next: 'verify_failed',
      },
      { id: 'verify_failed', kind: 'escalate', reason: 'Escalation rule matched' },
      {
        id: 'timed_out',
        kind: 'say',
        html: "<p>I wasn't able to get this confirmed in time, so I'm handing you over to a teammate.</p>",
        next: 'timeout_handoff',
      },
      { id: 'timeout_handoff', kind: 'escalate', reason: 'Conversation finished without resolution' },
      { id: 'done', kind: 'resolve' },
    ],
  },
  {
    id: PROCEDURE_IDS.billingDispute,
    name: 'Billing dispute',
    description: 'Take the disputed invoice number and hand the case to a billing specialist.',
    live: true,
    api_trigger: true,
    audience: [{ attribute: 'plan_type', op: 'in', values: ['Pro', 'Enterprise'] }],
    csat: false,
    steps: [
      {
        id: 'intro',
        kind: 'say',
        html: "<p>I'm sorry about the unexpected charge. Let's get this to the right people.</p>",
      },
      {
        id: 'ask_invoice',
        kind: 'ask_user',
        question: '<p>Which invoice number is the charge on?</p>',
        store: 'invoice_number',
      },
      {
        id: 'note',
        kind: 'say',
        html: "<p>Thanks, I've attached invoice <strong>{{invoice_number}}</strong> to your case. A billing specialist will take it from here.</p>",
      },
      { id: 'escalate', kind: 'escalate', reason: 'Escalation rule: Billing disputes' },
    ],
  },
  {
    id: PROCEDURE_IDS.dataExport,
    name: 'Data export',
    description: 'Prepare a full export of workspace data (draft, not yet published).',
    live: false,
    api_trigger: true,
    audience: [],
    csat: false,
    steps: [
      { id: 'intro', kind: 'say', html: "<p>I'll prepare an export of your workspace data.</p>" },
      { id: 'done', kind: 'resolve' },
    ],
  },
  {
    id: PROCEDURE_IDS.shippingAddress,
    name: 'Change shipping address',
    description:
      'Update the delivery address of an order that has not shipped yet (Messenger only, no API trigger).',
    live: true,
    api_trigger: false,
    audience: [],
    csat: false,
    steps: [
      {
        id: 'ask_address',
        kind: 'ask_user',
        question: '<p>What should the new delivery address be?</p>',
        store: 'address',
      },
      { id: 'done', kind: 'resolve' },
    ],
  },
  {
    id: PROCEDURE_IDS.priorityCallback,
    name: 'Priority callback',
    description: 'Book a call with an account manager for VIP customers.',
    live: true,
    api_trigger: true,
    audience: [{ attribute: 'vip', op: 'eq', value: true }],
    csat: true,
    steps: [
      {
        id: 'intro',
        kind: 'say',
        html: '<p>As a priority customer you can book a call with your account manager. Let me find a slot.</p>',
      },
      {
        id: 'schedule',
        kind: 'hitl',
        question: 'When can the account manager call back, and what is it about?',
        priority: 'priority',
        assign_to: { type: 'team', id: '814880', name: 'Customer Success' },
        attributes: [
          {
            key: 'callback_at',
            uuid: '23083919-868b-41fe-b6e5-7de00ff6dc1c',
            name: 'Callback Time',
            label: 'Callback time',
            data_type: 'datetime',
          },
          {
            key: 'topic',
            uuid: '67326fc8-19dc-4466-b253-a8874135741b',
            name: 'Topic',
            label: 'Call topic',
            data_type: 'list',
            options: [
              { id: '850efe4d-00a9-4144-b90c-a3c15ce0941f', label: 'Billing' },
              { id: '0e7835ea-f1e2-4e68-ae01-9e5938f688e6', label: 'Technical issue' },
              { id: '2288ff0c-1520-464a-8ec1-6a59a69d20d9', label: 'Account review' },
            ],
          },
          {
            key: 'call_notes',
            uuid: '95e12806-faba-4e65-bc37-b3838d818c21',
            name: 'Call Notes',
            label: 'Notes for the customer',
            data_type: 'string',
          },
        ],
      },
      {
        id: 'confirm',
        kind: 'say',
        html: "<p>You're booked: we'll call you on {{callback_at|date}} about <strong>{{topic_label}}</strong>. {{call_notes}}</p>",
      },
      { id: 'done', kind: 'resolve' },
    ],
  },
  {
    id: PROCEDURE_IDS.orderStatus,
    name: 'Order status',
    description: 'Tell the customer where their latest order is.',
    live: true,
    api_trigger: true,
    audience: [],
    csat: true,
    steps: [
      {
        id: 'status',
        kind: 'say',
        stream: true,
        html: '<p>Your latest order shipped yesterday and is <strong>out for delivery</strong> today. You can follow it on the <a href="https://example.com/orders" target="_blank">orders page</a>.</p>',
      },
      { id: 'done', kind: 'resolve' },
    ],
  },
];

export function findProcedure(id: string): ProcedureDef | undefined {
  return PROCEDURES.find((p) => p.id === id);
}
