import 'server-only';
import {
  OAUTH_ERRORS,
  type Connection,
  type OAuthErrorReason,
  type OAuthStart,
} from '@/lib/console/connection';
import type { MeResponse } from '@/lib/fin';
import { auditActor, roleAtLeast, type Principal } from '../auth/roles';
import type { ConsoleContext } from '../context';
import { writeAudit } from '../db/records';
import type { Env, FinApiTarget } from '../env';
import { ConsoleError, FinApiError, UpstreamError } from '../errors';
import { log } from '../log';
import { encryptionKey } from './crypto';
import { consumeOAuthState, createOAuthState, type AppInfo } from './store';
import type { TokenCheck } from './token-source';

export const CALLBACK_PATH = '/api/connection/oauth/callback';
export const WEBHOOK_PATH = '/api/webhooks/intercom';

const AUTHORIZE_HOSTS: Partial<Record<FinApiTarget, string>> = {
  'intercom-us': 'https://app.intercom.com/oauth',
  'intercom-eu': 'https://app.eu.intercom.com/oauth',
  'intercom-au': 'https://app.au.intercom.com/oauth',
};

/** Intercom's token endpoint is api.intercom.io for every region; the simulator (or a custom base URL) serves both. */
export function oauthEndpoints(env: Pick<Env, 'finApiTarget' | 'finApiBaseUrl'>) {
  const intercom = AUTHORIZE_HOSTS[env.finApiTarget];
  return intercom
    ? { authorizeUrl: intercom, tokenUrl: 'https://api.intercom.io/auth/eagle/token' }
    : { authorizeUrl: `${env.finApiBaseUrl}/oauth`, tokenUrl: `${env.finApiBaseUrl}/auth/eagle/token` };
}

/** The console's origin as the browser sees it (a proxy's X-Forwarded-* win over the socket). */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host =
    req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || req.headers.get('host') || url.host;
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.replace(/:$/, '');
  return `${proto}://${host}`;
}

/** The key a pending `state` is bound to: the signed-in user, or the operations token. */
const principalKey = (me: Principal) => (me.userId ? `user:${me.userId}` : me.via);

function oauthProblem(env: Env, hasKey: boolean): string | null {
  if (!env.oauthClientId) return OAUTH_ERRORS.not_configured;
  if (!hasKey) return OAUTH_ERRORS.no_encryption_key;
  return null;
}

/** What Settings shows, never a secret; only leads get the secrets' last characters (they narrow a guess). */
export function connectionView(ctx: ConsoleContext, origin: string, me: Principal): Connection {
  const { env, connection } = ctx;
  const hint = (secret: string) => (roleAtLeast(me.role, 'lead') ? secret.slice(-4) : null);
  const check = connection.lastCheck;
  const finCheck = connection.lastFinCheck;
  const oauth = connection.connection;
  const hasKey = env.encryptionKey !== null || env.simulatorDefaults;
  const webhookUrl = `${origin}${WEBHOOK_PATH}`;
  return {
    target: env.finApiTarget,
    base_url: env.finApiBaseUrl,
    api_version: env.apiVersion,
    fin_key: {
      origin: connection.origin('fin'),
      ok: finCheck?.ok ?? null,
      checked_at: finCheck?.at ?? null,
      error: finCheck?.error ?? null,
    },
    token_source: connection.source,
    token_ok: check?.ok ?? null,
    token_checked_at: check?.at ?? null,
    token_error: check?.error ?? connection.problem,
    scopes: null,
    app: check?.app ?? oauth?.app ?? null,
    webhook_url: webhookUrl,
    webhook_secret_hint: hint(env.clientSecret),
    webhooks: [
      {
        kind: 'fin_events',
        label: 'Fin AI Agent → Deploy → Fin Agent API → Webhooks',
        url: webhookUrl,
        signature_header: 'X-Fin-Agent-API-Webhook-Signature (sha256)',
        secret_env:
          env.finEventsWebhookSecret === env.clientSecret
            ? 'INTERCOM_CLIENT_SECRET'
            : 'FIN_EVENTS_WEBHOOK_SECRET',
        secret_hint: hint(env.finEventsWebhookSecret),
      },
      {
        kind: 'app',
        label: 'Developer Hub → your app → Webhooks (procedure.hitl_notification.created)',
        url: webhookUrl,
        signature_header: 'X-Hub-Signature (sha1)',
        secret_env: 'INTERCOM_CLIENT_SECRET',
        secret_hint: hint(env.clientSecret),
      },
    ],
    oauth: {
      configured: env.oauthClientId !== null,
      connected_at: oauth?.connectedAt ?? null,
      connected_by: oauth?.connectedBy ?? null,
      client_id: env.oauthClientId,
      redirect_url: env.oauthRedirectUrl ?? `${origin}${CALLBACK_PATH}`,
      problem: oauthProblem(env, hasKey),
    },
  };
}

const appOf = (me: MeResponse): AppInfo | null =>
  me.app ? { id_code: me.app.id_code, name: me.app.name ?? null, region: me.app.region ?? null } : null;

function describeFailure(error: unknown, call: string): string {
  if (error instanceof FinApiError) {
    const message = error.finMessage;
    return `Intercom answered ${error.status}${message === `HTTP ${error.status}` ? '' : ` (${message})`} to ${call}`;
  }
  if (error instanceof UpstreamError) return error.message;
  throw error;
}

async function checkToken(ctx: ConsoleContext, token?: string): Promise<TokenCheck> {
  const at = new Date().toISOString();
  try {
    const me = await ctx.fin.me(token);
    return { ok: true, at, error: null, app: appOf(me) };
  } catch (error) {
    return { ok: false, at, error: describeFailure(error, 'GET /me'), app: null };
  }
}

/** The Fin key passes when Fin refuses the probe's missing user (400/422); a 404 means no endpoint for this key or version. */
async function checkFinKey(ctx: ConsoleContext): Promise<TokenCheck> {
  const at = new Date().toISOString();
  try {
    await ctx.fin.probeFinKey();
    return { ok: true, at, error: null, app: null };
  } catch (error) {
    if (error instanceof FinApiError && (error.status === 400 || error.status === 422))
      return { ok: true, at, error: null, app: null };
    return { ok: false, at, error: describeFailure(error, 'POST /fin/capabilities'), app: null };
  }
}

/** Checks both credentials (the Fin key on `/fin/*`, the app token on `GET /me`) and remembers the outcomes. */
export async function checkConnection(
  ctx: ConsoleContext,
  origin: string,
  me: Principal,
): Promise<Connection> {
  ctx.connection.lastFinCheck = await checkFinKey(ctx);
  ctx.connection.lastCheck = await checkToken(ctx);
  return connectionView(ctx, origin, me);
}

/** A reason the flow stops: the callback redirects with `?oauth_error=`; the start answers it as an error.list. */
export class OAuthFlowError extends ConsoleError {
  override name = 'OAuthFlowError';
  constructor(readonly reason: OAuthErrorReason) {
    super(`oauth_${reason}`, OAUTH_ERRORS[reason]);
  }
}

export const settingsUrl = (outcome: { connected: true } | { error: OAuthErrorReason }) =>
  'connected' in outcome ? '/settings?connected=1' : `/settings?oauth_error=${outcome.error}`;

/** A 302 to where `step` leads, or back to Settings with the reason when the flow was refused. */
export async function oauthRedirect(step: () => Promise<string>): Promise<Response> {
  let location: string;
  try {
    location = await step();
  } catch (error) {
    if (!(error instanceof OAuthFlowError)) throw error;
    location = settingsUrl({ error: error.reason });
  }
  return new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } });
}

/** Starts the OAuth flow with a single-use state bound to `me`; POST only, so a link or image elsewhere cannot start it. */
export async function startOAuth(ctx: ConsoleContext, me: Principal, origin: string): Promise<OAuthStart> {
  const { env } = ctx;
  if (!env.oauthClientId) throw new OAuthFlowError('not_configured');
  if (!(await encryptionKey(env))) throw new OAuthFlowError('no_encryption_key');
  const state = await createOAuthState(ctx.db, principalKey(me));
  const url = new URL(oauthEndpoints(env).authorizeUrl);
  url.searchParams.set('client_id', env.oauthClientId);
  url.searchParams.set('state', state);
  url.searchParams.set('redirect_uri', env.oauthRedirectUrl ?? `${origin}${CALLBACK_PATH}`);
  return { authorize_url: url.toString() };
}

/** Finishes the flow: checks state, exchanges the code, proves it with `GET /me`, stores it encrypted; nothing on failure. */
export async function finishOAuth(ctx: ConsoleContext, me: Principal, query: URLSearchParams): Promise<void> {
  const { env } = ctx;
  const refused = await consumeOAuthState(ctx.db, query.get('state'), principalKey(me));
  if (refused) throw new OAuthFlowError(refused);
  if (query.get('error')) throw new OAuthFlowError('access_denied');
  const code = query.get('code');
  if (!code) throw new OAuthFlowError('missing_code');
  if (!env.oauthClientId) throw new OAuthFlowError('not_configured');

  let token: string;
  try {
    const answer = await ctx.fin.exchangeOAuthCode(oauthEndpoints(env).tokenUrl, {
      code,
      client_id: env.oauthClientId,
      client_secret: env.clientSecret,
    });
    token = (answer.access_token ?? answer.token)!;
  } catch (error) {
    log.warn('OAuth code exchange failed', error instanceof FinApiError ? error.body : error);
    throw new OAuthFlowError(error instanceof FinApiError ? 'exchange_failed' : 'unreachable');
  }
  const check = await checkToken(ctx, token);
  if (!check.ok) {
    log.warn(`A token from OAuth was refused: ${check.error}`);
    throw new OAuthFlowError('token_rejected');
  }
  if (!(await encryptionKey(env))) throw new OAuthFlowError('no_encryption_key');
  await ctx.connection.connect(token, me, check.app, check);
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'connection.oauth_connect',
    target: 'connection',
    detail: { app: check.app?.id_code ?? null, region: check.app?.region ?? null },
  });
}

/** Forgets the OAuth token (if any); calls use INTERCOM_ACCESS_TOKEN again. */
export async function disconnectOAuth(
  ctx: ConsoleContext,
  me: Principal,
  origin: string,
): Promise<Connection> {
  if (await ctx.connection.disconnect()) {
    await writeAudit(ctx.db, {
      ...auditActor(me),
      action: 'connection.oauth_disconnect',
      target: 'connection',
    });
  }
  return connectionView(ctx, origin, me);
}
