/** Route handlers called as Next calls them; every answer is checked for the Fin and operations tokens. */
import * as callsRoute from '@/app/api/calls/route';
import * as driftRoute from '@/app/api/drift/route';
import * as conversationRoute from '@/app/api/conversations/[id]/route';
import * as conversationsRoute from '@/app/api/conversations/route';
import * as askRoute from '@/app/api/fin/ask/route';
import * as capabilitiesRoute from '@/app/api/fin/capabilities/route';
import * as csatRoute from '@/app/api/fin/csat/route';
import * as escalateRoute from '@/app/api/fin/escalate/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as replyRoute from '@/app/api/fin/reply/route';
import * as startRoute from '@/app/api/fin/start/route';
import * as signInRoute from '@/app/api/auth/sign-in/route';
import * as usersRoute from '@/app/api/users/route';
import * as healthRoute from '@/app/api/health/route';
import * as claimRoute from '@/app/api/hitl-steps/[stepId]/claim/route';
import * as linkRoute from '@/app/api/hitl-steps/[stepId]/link/route';
import * as stepRoute from '@/app/api/hitl-steps/[stepId]/route';
import * as submitRoute from '@/app/api/hitl-steps/[stepId]/submit/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import { SESSION_COOKIE } from '@/lib/console/session-cookie';
import { realtime } from '@/testing/server/harness';
import type { Rig } from './rig';

type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;
const h = (fn: unknown) => fn as Handler;

export const ROUTES = {
  capabilities: { method: 'POST', path: '/api/fin/capabilities', handler: h(capabilitiesRoute.POST) },
  ask: { method: 'POST', path: '/api/fin/ask', handler: h(askRoute.POST) },
  start: { method: 'POST', path: '/api/fin/start', handler: h(startRoute.POST) },
  reply: { method: 'POST', path: '/api/fin/reply', handler: h(replyRoute.POST) },
  run: { method: 'POST', path: '/api/fin/procedures/:procedureId/run', handler: h(runRoute.POST) },
  escalate: { method: 'POST', path: '/api/fin/escalate', handler: h(escalateRoute.POST) },
  csat: { method: 'POST', path: '/api/fin/csat', handler: h(csatRoute.POST) },
  steps: { method: 'GET', path: '/api/hitl-steps', handler: h(stepsRoute.GET) },
  step: { method: 'GET', path: '/api/hitl-steps/:stepId', handler: h(stepRoute.GET) },
  claim: { method: 'POST', path: '/api/hitl-steps/:stepId/claim', handler: h(claimRoute.POST) },
  release: { method: 'DELETE', path: '/api/hitl-steps/:stepId/claim', handler: h(claimRoute.DELETE) },
  submit: { method: 'POST', path: '/api/hitl-steps/:stepId/submit', handler: h(submitRoute.POST) },
  linkView: { method: 'GET', path: '/api/hitl-steps/:stepId/link', handler: h(linkRoute.GET) },
  setLink: { method: 'PUT', path: '/api/hitl-steps/:stepId/link', handler: h(linkRoute.PUT) },
  conversations: { method: 'GET', path: '/api/conversations', handler: h(conversationsRoute.GET) },
  conversation: { method: 'GET', path: '/api/conversations/:id', handler: h(conversationRoute.GET) },
  calls: { method: 'GET', path: '/api/calls', handler: h(callsRoute.GET) },
  drift: { method: 'GET', path: '/api/drift', handler: h(driftRoute.GET) },
  health: { method: 'GET', path: '/api/health', handler: h(healthRoute.GET) },
  webhook: { method: 'POST', path: '/api/webhooks/intercom', handler: h(realtime) },
  signIn: { method: 'POST', path: '/api/auth/sign-in', handler: h(signInRoute.POST) },
  createUser: { method: 'POST', path: '/api/users', handler: h(usersRoute.POST) },
} as const;
export type RouteName = keyof typeof ROUTES;

/** The realtime entry serves conversation streams (and webhooks) over loopback HTTP. */
export const conversationStream = h(realtime);

export interface CallInit {
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON; undefined sends no body. */
  body?: unknown;
  method?: string;
}

export interface ApiResult {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are inspected loosely
  json: any;
  headers: Headers;
}

export interface Leak {
  where: string;
  part: string;
}

export class Api {
  readonly leaks: Leak[] = [];
  readonly statuses = new Map<string, number[]>();

  constructor(private readonly rig: Rig) {}

  url(path: string, params: Record<string, string> = {}, query?: Record<string, string>): string {
    const filled = path.replace(/:([A-Za-z]+)/g, (_, k: string) =>
      encodeURIComponent((params[k] ?? '').toWellFormed()),
    );
    const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
    return `http://console.test${filled}${qs}`;
  }

  get auth(): Record<string, string> {
    return { authorization: `Bearer ${this.rig.adminToken}` };
  }

  withAuth(
    headers: Record<string, string> = {},
    as: Record<string, string> = this.auth,
  ): Record<string, string> {
    const own = Object.keys(headers).some((k) => ['authorization', 'cookie'].includes(k.toLowerCase()));
    return own ? headers : { ...as, ...headers };
  }

  async signIn(email: string, password: string): Promise<Record<string, string>> {
    const req = this.request('signIn', { body: { email, password } });
    const res = await this.rig.track(() =>
      ROUTES.signIn.handler(req, { params: Promise.resolve({}) as Promise<never> }),
    );
    const text = await res.text();
    this.scan('POST /api/auth/sign-in', text, res.headers);
    const pair = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!.trim())
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`) && c.length > SESSION_COOKIE.length + 1);
    if (res.status !== 200 || !pair)
      throw new Error(`signing in ${email} answered ${res.status}: ${text.slice(0, 160)}`);
    return { cookie: pair };
  }

  request(name: RouteName, init: CallInit = {}): Request {
    const r = ROUTES[name];
    const method = init.method ?? r.method;
    const hasBody = init.body !== undefined && method !== 'GET' && method !== 'HEAD';
    return new Request(this.url(r.path, init.params, init.query), {
      method,
      headers: this.withAuth({ ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers }),
      ...(hasBody ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
  }

  /** Calls a route with a prepared Request; params arrive as Next decodes them (U+FFFD for lone surrogates). */
  async send(name: RouteName, req: Request, params: Record<string, string> = {}): Promise<ApiResult> {
    const started = Date.now();
    const trace = process.env.RELIABILITY_TRACE === '1';
    if (trace)
      process.stderr.write(
        `[trace ${started}] → ${req.method} ${name} ${JSON.stringify(params).slice(0, 80)}\n`,
      );
    const decoded = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.toWellFormed()]));
    const res = await this.rig.track(() =>
      ROUTES[name].handler(req, { params: Promise.resolve(decoded) as Promise<never> }),
    );
    const text = await res.text();
    if (trace)
      process.stderr.write(`[trace ${Date.now()}] ← ${name} ${res.status} ${Date.now() - started} ms\n`);
    this.scan(`${req.method} ${ROUTES[name].path}`, text, res.headers);
    const list = this.statuses.get(name) ?? [];
    list.push(res.status);
    this.statuses.set(name, list);
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, headers: res.headers };
  }

  call(name: RouteName, init: CallInit = {}): Promise<ApiResult> {
    return this.send(name, this.request(name, init), init.params);
  }

  scan(where: string, text: string, headers?: Headers): void {
    for (const [what, token] of [
      ['Fin token', this.rig.token],
      ['app token', this.rig.appToken],
      ['operations token', this.rig.adminToken],
    ] as const) {
      if (text.includes(token)) this.leaks.push({ where, part: `${what} in the body` });
      headers?.forEach((value, key) => {
        if (value.includes(token)) this.leaks.push({ where, part: `${what} in header ${key}` });
      });
    }
  }
}
