/** The bounds of an insights range, without zod: the page's first load reads them too. */
export const INSIGHTS_DEFAULT_DAYS = 7;
export const INSIGHTS_MAX_DAYS = 366;
/** Ranges up to this long are bucketed by hour, longer ones by day. */
export const INSIGHTS_HOURLY_UP_TO_MS = 3 * 86_400_000;
