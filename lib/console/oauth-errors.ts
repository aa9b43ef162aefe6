/** Reasons an OAuth attempt ends with `/settings?oauth_error=<reason>`, and what the console says about each. */
export const OAUTH_ERRORS = {
  not_configured:
    'OAuth is not configured: set INTERCOM_CLIENT_ID (and INTERCOM_CLIENT_SECRET) on the server.',
  no_encryption_key: 'Set CONSOLE_ENCRYPTION_KEY to store an OAuth token.',
  missing_state: 'Intercom sent the browser back without the state; start again.',
  unknown_state: 'That sign-in attempt is not known to the console; start again.',
  expired_state: 'That attempt took longer than 10 minutes; start again.',
  used_state: 'That attempt was already completed; start again.',
  other_user: 'That attempt was started by someone else; start your own.',
  access_denied: 'The connection was cancelled in Intercom.',
  missing_code: 'Intercom sent the browser back without a code; start again.',
  exchange_failed:
    'Intercom did not accept the code (401 Unauthorized Code is typical for a code used twice or cut short).',
  token_rejected: 'Intercom issued a token but refused it on GET /me; nothing was stored.',
  unreachable: 'Intercom could not be reached to finish connecting; try again.',
} as const;
export type OAuthErrorReason = keyof typeof OAUTH_ERRORS;
