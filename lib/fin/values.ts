/** Closed sets of the contract as plain values, for code that must not load zod (the browser's first load). */
export const FIN_STATUSES = [
  'thinking',
  'replying',
  'awaiting_user_reply',
  'escalated',
  'resolved',
  'complete',
] as const;

export const CSAT_RATINGS = ['terrible', 'bad', 'ok', 'good', 'amazing'] as const;
