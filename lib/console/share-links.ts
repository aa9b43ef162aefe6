import { z } from 'zod';

/** A share link lives 1 hour to 30 days. */
export const SHARE_MIN_HOURS = 1;
export const SHARE_MAX_HOURS = 30 * 24;

/** The lifetimes the Share dialog offers. */
export const SHARE_EXPIRY_CHOICES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 7 * 24, label: '7 days' },
  { hours: 30 * 24, label: '30 days' },
] as const;

/** `POST /api/conversations/:id/share-links` */
export const createShareLinkBodySchema = z.object({
  expires_in_hours: z
    .int({ error: 'expires_in_hours must be a whole number of hours' })
    .min(SHARE_MIN_HOURS, { error: 'A share link lasts at least 1 hour' })
    .max(SHARE_MAX_HOURS, { error: 'A share link lasts at most 30 days' }),
  redact: z.boolean({ error: 'redact must be true or false' }).default(true),
});
export type CreateShareLinkBody = z.infer<typeof createShareLinkBodySchema>;

export type ShareLinkStatus = 'active' | 'expired' | 'revoked';

/** A share link as the console lists it; the token is never part of it. */
export interface ShareLinkView {
  id: string;
  conversation_id: string;
  conversation_title: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  redact: boolean;
  view_count: number;
  last_viewed_at: string | null;
  status: ShareLinkStatus;
}

/** The answer to creating a link: its URL holds the token and is shown this once. */
export interface CreatedShareLink {
  url: string;
  link: ShareLinkView;
}
