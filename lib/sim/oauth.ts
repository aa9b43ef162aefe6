import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MESSAGES } from '@/lib/fin';
import { APP_ID } from './context';
import { escapeHtml } from './html';
import { errorBody, fail, readRaw, type Reply } from './http';

export const SIM_CLIENT_ID = 'sim-client-id';
export const SIM_APP_TOKEN = 'sim-app-token';
export const SIM_APP_NAME = 'Fin Simulator';

/** Codes are exchanged within seconds in practice; ten minutes is generous. */
const CODE_TTL_MS = 10 * 60_000;

interface IssuedToken {
  issuedAt: number;
  calls: number;
  lastUsedAt: number | null;
}

/** `app` routes take app tokens only, as Intercom asks for an OAuth token with write_conversations there. */
export type BearerScope = 'fin' | 'app';

export interface LastBearer {
  kind: 'configured' | 'app' | 'oauth';
  hint: string;
  at: number;
}

/** Issued tokens outlive `/_sim/reset`, like an installed app's token. */
export class OAuthState {
  private readonly codes = new Map<string, { expiresAt: number; used: boolean }>();
  private readonly tokens = new Map<string, IssuedToken>();
  private configuredCalls = 0;
  private appCalls = 0;
  private last: LastBearer | null = null;

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
    private readonly configuredToken: string,
    private readonly appToken: string,
  ) {}

  /** Real codes are base64 and may end in `=`; these always do, so clients must keep it. */
  issueCode(): string {
    const code = randomBytes(17).toString('base64');
    this.codes.set(code, { expiresAt: Date.now() + CODE_TTL_MS, used: false });
    return code;
  }

  exchange(code: string, clientId: string, clientSecret: string): string | null {
    if (clientId !== this.clientId || clientSecret !== this.clientSecret) return null;
    const entry = this.codes.get(code);
    if (!entry || entry.used || entry.expiresAt < Date.now()) return null;
    entry.used = true;
    // Shaped like Intercom's: base64 of "tok:<uuid>:<n>:0".
    const token = Buffer.from(`tok:${randomUUID()}:1:0`).toString('base64');
    this.tokens.set(token, { issuedAt: Date.now(), calls: 0, lastUsedAt: null });
    return token;
  }

  authorise(token: string | null, scope: BearerScope): boolean {
    if (!token) return false;
    const now = Date.now();
    if (token === this.appToken) {
      this.appCalls++;
      this.last = { kind: 'app', hint: token.slice(-4), at: now };
      return true;
    }
    if (token === this.configuredToken) {
      if (scope !== 'fin') return false;
      this.configuredCalls++;
      this.last = { kind: 'configured', hint: token.slice(-4), at: now };
      return true;
    }
    const issued = this.tokens.get(token);
    if (!issued) return false;
    issued.calls++;
    issued.lastUsedAt = now;
    this.last = { kind: 'oauth', hint: token.slice(-4), at: now };
    return true;
  }

  describe() {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      client_id: this.clientId,
      configured_token_calls: this.configuredCalls,
      app_token_calls: this.appCalls,
      tokens: [...this.tokens.entries()].map(([token, t]) => ({
        token_hint: token.slice(-4),
        issued_at: iso(t.issuedAt),
        calls: t.calls,
        last_used_at: iso(t.lastUsedAt),
      })),
      last_bearer: this.last && { ...this.last, at: iso(this.last.at) },
    };
  }
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;background:#f4f4f5;color:#18181b;margin:0;display:grid;place-items:center;min-height:100vh}
main{background:#fff;border:1px solid #e4e4e7;border-radius:12px;padding:2rem;max-width:28rem}h1{font-size:1.25rem;margin:0 0 .5rem}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}a.button,button{font:inherit;border-radius:8px;padding:.5rem 1rem;border:1px solid #d4d4d8;background:#fff;color:#18181b;text-decoration:none;cursor:pointer}
.primary{background:#1d4ed8!important;border-color:#1d4ed8!important;color:#fff!important}code{font-size:.875rem}</style></head>
<body><main>${body}</main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
  });
  res.end(html);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(302, { location, 'content-length': 0 });
  res.end();
}

const isHttpUrl = (value: string) => {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** No registered redirect list in the simulator: any http(s) `redirect_uri` is accepted. */
export function authorizePage(oauth: OAuthState, url: URL, res: ServerResponse) {
  const clientId = url.searchParams.get('client_id') ?? '';
  const state = url.searchParams.get('state') ?? '';
  const redirectUri = url.searchParams.get('redirect_uri') ?? '';
  if (clientId !== oauth.clientId) {
    return page(
      res,
      400,
      'Unknown app',
      `<h1>We couldn't find that app</h1><p>No app has the client id <code>${escapeHtml(clientId || '(none)')}</code>. Check the client id your integration sends.</p>`,
    );
  }
  if (!isHttpUrl(redirectUri)) {
    return page(
      res,
      400,
      'Invalid redirect',
      `<h1>Invalid redirect URL</h1><p>The request needs a <code>redirect_uri</code> that is an http(s) URL.</p>`,
    );
  }
  const back = (params: Record<string, string>) => {
    const target = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
    return target.toString();
  };
  if (url.searchParams.get('deny') === '1') return redirect(res, back({ error: 'access_denied', state }));
  if (url.searchParams.get('approve') === '1' || url.searchParams.get('auto_approve') === '1') {
    return redirect(res, back({ code: oauth.issueCode(), state }));
  }
  const approve = new URL(url.toString());
  approve.searchParams.set('approve', '1');
  const deny = new URL(url.toString());
  deny.searchParams.set('deny', '1');
  const rel = (u: URL) => escapeHtml(`${u.pathname}${u.search}`);
  return page(
    res,
    200,
    `Connect ${SIM_APP_NAME}`,
    `<h1>Connect ${escapeHtml(SIM_APP_NAME)} to your workspace?</h1>
<p>The app <strong>${escapeHtml(SIM_APP_NAME)}</strong> (<code>${escapeHtml(clientId)}</code>) asks to act in the workspace <code>${APP_ID}</code>.</p>
<p>You will return to <code>${escapeHtml(new URL(redirectUri).origin)}</code>.</p>
<div class="actions"><a class="button primary" href="${rel(approve)}">Connect</a><a class="button" href="${rel(deny)}">Cancel</a></div>`,
  );
}

function formOrJson(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (/application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (!raw.trim()) return {};
  try {
    const body: unknown = JSON.parse(raw);
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    fail(400, 'parameter_invalid', 'Request body is not valid JSON');
  }
}

export async function exchangeToken(oauth: OAuthState, req: IncomingMessage): Promise<Reply> {
  const body = formOrJson(await readRaw(req), req.headers['content-type']);
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const token = oauth.exchange(str(body.code), str(body.client_id), str(body.client_secret));
  if (!token) return { status: 401, body: errorBody('unauthorized', 'Unauthorized Code') };
  return { status: 200, body: { token_type: 'Bearer', token, access_token: token } };
}

export function me(oauth: OAuthState, token: string | null): Reply {
  if (!oauth.authorise(token, 'app')) fail(401, 'unauthorized', MESSAGES.unauthorized);
  return {
    status: 200,
    body: {
      type: 'admin',
      id: '991267',
      email: 'operator@sim.example',
      name: 'Sim Operator',
      email_verified: true,
      app: {
        type: 'app',
        id_code: APP_ID,
        name: SIM_APP_NAME,
        created_at: 1_700_000_000,
        secure: false,
        identity_verification: false,
        timezone: 'Europe/London',
        region: 'US',
      },
      avatar: { type: 'avatar', image_url: null },
      has_inbox_seat: true,
    },
  };
}
