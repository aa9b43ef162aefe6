/** `GET /api/connection`: which Fin API the console talks to, with which token, and where Intercom should send webhooks. */
import { z } from 'zod';

export const connectionTargetSchema = z.enum([
  'simulator',
  'intercom-us',
  'intercom-eu',
  'intercom-au',
  'custom',
]);

export const webhookEndpointSchema = z.object({
  kind: z.enum(['fin_events', 'app']),
  /** What to paste it into, in Intercom's words. */
  label: z.string(),
  url: z.string(),
  signature_header: z.string(),
  /** The variable holding the signing secret, and its last 4 characters (null unless the caller is a lead). */
  secret_env: z.string(),
  secret_hint: z.string().nullable(),
});

/** Where a credential comes from: an environment variable, or the OAuth connection. */
export const credentialOriginSchema = z.enum(['FIN_AGENT_API_KEY', 'INTERCOM_ACCESS_TOKEN', 'oauth']);

export const connectionSchema = z.object({
  target: connectionTargetSchema,
  base_url: z.string(),
  /** Sent as `Intercom-Version` on every call (INTERCOM_API_VERSION). */
  api_version: z.string(),
  /** The bearer on `/fin/*`: FIN_AGENT_API_KEY, or the app token while that is unset; and its last check. */
  fin_key: z.object({
    origin: credentialOriginSchema,
    ok: z.boolean().nullable(),
    checked_at: z.string().nullable(),
    error: z.string().nullable(),
  }),
  /** The app token (collect_agent_input, GET /me): `token_*` below describe it. */
  token_source: z.enum(['environment', 'oauth']),
  token_ok: z.boolean().nullable(),
  token_checked_at: z.string().nullable(),
  token_error: z.string().nullable(),
  /** Intercom does not report a token's scopes: null unless known. */
  scopes: z.array(z.string()).nullable(),
  app: z
    .object({ id_code: z.string(), name: z.string().nullable(), region: z.string().nullable() })
    .nullable(),
  /** The one URL both kinds of webhook are sent to, and the app client secret's last 4 characters (leads only). */
  webhook_url: z.string(),
  webhook_secret_hint: z.string().nullable(),
  webhooks: z.array(webhookEndpointSchema),
  oauth: z.object({
    configured: z.boolean(),
    connected_at: z.string().nullable(),
    connected_by: z.string().nullable(),
    client_id: z.string().nullable(),
    redirect_url: z.string(),
    /** Why connecting is not possible right now (missing client id or encryption key); null when it is. */
    problem: z.string().nullable(),
  }),
});
export type Connection = z.infer<typeof connectionSchema>;

/** `POST /api/connection/oauth/start`: where the browser goes to authorise the app. */
export const oauthStartSchema = z.object({ authorize_url: z.string() });
export type OAuthStart = z.infer<typeof oauthStartSchema>;

export { OAUTH_ERRORS, type OAuthErrorReason } from './oauth-errors';
