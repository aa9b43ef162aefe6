// One place so the simulator, the proxy and the UI agree; messages are quoted from the contract.
export const LIMITS = {
  attributes: 10,
  history: 10,
  attachments: 10,
  /** Escalate's `message` and `context` only: no other text field has a documented maximum. */
  escalateText: 10_000,
  sseTokenTtlSeconds: 180,
  rewind: '2m',
  webhookAnswerWithinMs: 5_000,
} as const;

/** Inferred, not documented: nothing that could be a `.`/`..` segment, a separator or an escape. */
export const PATH_ID_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

export const MESSAGES = {
  unauthorized: 'Access Token Invalid',
  tooManyAttributes: 'Cannot update more than 10 attributes at once.',
  externalConversationIdRequired: 'External Conversation ID is required',
  conversationIdRequired: 'conversation_id is required',
  userIdRequired: 'User ID is required',
  historyTooLong: 'Conversation history cannot contain more than 10 items',
  procedureNotFound: 'Procedure not found',
  procedureNotLive: 'Procedure is not live',
  procedureNoApiTrigger: 'Procedure does not have an API trigger',
  noFinProfile:
    'No Fin profile is configured to handle this conversation. Configure a Fin profile and retry.',
  sessionExists:
    'Fin session already exists for this conversation. Please use /reply to continue the conversation.',
  escalateNeedsTarget: 'Either conversation_id or user must be provided',
  conversationNotFound: 'Conversation not found',
  hitlForbidden: 'Admin does not have access to this conversation',
  hitlNotEnabled: 'Procedures HITL API is not enabled for your app.',
  resourceNotFound: 'Resource Not Found',
  hitlExpired: 'This HITL request has expired',
  hitlFulfilled: 'This HITL request has already been fulfilled',
  csatConversationNotFound: 'Conversation not found for the given external_conversation_id',
  csatNotRequested: 'No rating survey found for this conversation',
  csatWindowClosed: 'The rating window for this conversation has closed',
  csatLocked: 'This rating can no longer be changed because a remark has already been submitted',
  csatInvalidRating: "Rating isn't an option",
} as const;

export const ESCALATION_REASONS = [
  'Escalation requested by user',
  'Escalation rule matched',
  'Routed to team',
  'Conversation finished without resolution',
] as const;
