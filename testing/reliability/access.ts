/** Reliability phase 3, access (docs/reliability.md): route matrix, forged webhooks, token leaks. */
import { createHmac, randomUUID } from 'node:crypto';
import { HITL_TOPIC } from '@/lib/fin';
import { SESSION_COOKIE } from '@/lib/console/session-cookie';
import { PROCEDURE_IDS } from '@/lib/sim/procedures';
import type { Api } from './api';
import type { Rig } from './rig';
import { discoverRoutes } from './routes';
import { inProcess, overHttp, type Transport } from './transport';

export { SESSION_COOKIE };

export interface AccessResult {
  checks: number;
  violations: string[];
  matrix: MatrixResult[];
}

export interface AccessOptions {
  http?: { url: string; log: () => string } | null;
}

export const hmac = (alg: 'sha1' | 'sha256', key: string, raw: string) =>
  `${alg}=${createHmac(alg, key).update(raw).digest('hex')}`;

export function envelope(rig: Rig, id: string, stepId: string, conversationId = '215473999000001') {
  return JSON.stringify(hitlEnvelope(rig, { id, stepId, conversationId }));
}

/** A HITL notification envelope; the fuzzer passes any values, hence `unknown`. */
export function hitlEnvelope(
  rig: Rig,
  o: { id: unknown; stepId: unknown; conversationId: unknown; question?: unknown; expiresAt?: unknown },
) {
  const callbackId = encodeURIComponent(String(o.conversationId).toWellFormed());
  return {
    type: 'notification_event',
    topic: HITL_TOPIC,
    id: o.id,
    app_id: 'app',
    created_at: Math.floor(Date.now() / 1000),
    delivery_attempts: 1,
    data: {
      type: 'notification_event_data',
      item: {
        type: 'procedure.hitl_notification',
        app_id: 'app',
        conversation_id: o.conversationId,
        step_id: o.stepId,
        procedure_name: 'Access check',
        hitl_question: o.question ?? 'Approve?',
        attributes_to_collect: [
          {
            type: 'data_attribute',
            identifier: 'workflow_local_variables.a',
            name: 'A',
            label: 'A',
            data_type: 'boolean',
          },
        ],
        callback_url: `${rig.env.finApiBaseUrl}/procedures/${callbackId}/collect_agent_input`,
        expires_at: o.expiresAt ?? null,
      },
    },
  };
}

export const finEvent = (conversationId: string) =>
  JSON.stringify({
    event_name: 'fin_status_updated',
    conversation_id: conversationId,
    user_id: 'access-user',
    status: 'escalated',
    reason: 'Routed to team',
    created_at_ms: new Date().toISOString(),
  });

export async function runAccessChecks(
  rig: Rig,
  api: Api,
  lines: { level: string; text: string }[],
  opts: AccessOptions = {},
): Promise<AccessResult> {
  const violations: string[] = [];
  let checks = 0;
  const check = (ok: boolean, what: string) => {
    checks++;
    if (!ok) violations.push(what);
  };

  const routes = await discoverRoutes();
  const listed = routes.map((r) => ({ pattern: r.pattern, methods: [...r.methods.keys()] }));
  const matrix: MatrixResult[] = [await runMatrix(rig, inProcess(rig, api, routes), listed)];
  if (opts.http) matrix.push(await runMatrix(rig, overHttp(opts.http.url, api), listed));
  for (const m of matrix) {
    checks += m.cells.length;
    violations.push(...m.violations);
  }
  const hook = (raw: string, headers: Record<string, string>) => api.call('webhook', { body: raw, headers });
  const stepCount = async (stepId: string) =>
    (
      await (
        await rig.ctx()
      ).db.query<{ n: number }>('SELECT count(*)::int AS n FROM hitl_steps WHERE step_id = $1', [stepId])
    )[0]?.n ?? 0;
  const eventCount = async (conversationId: string) =>
    (
      await (
        await rig.ctx()
      ).db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE conversation_id = $1', [
        conversationId,
      ])
    )[0]?.n ?? 0;
  const refused = (status: number, json: unknown) =>
    status === 401 &&
    (json as { type?: string; errors?: { message?: string }[] } | null)?.type === 'error.list' &&
    !!(json as { errors: { message?: string }[] }).errors[0]?.message;

  // Forged app notification: bad sha1, missing signature, sha256 where sha1 belongs, a valid signature of another body.
  {
    const stepId = `access-forged-${randomUUID()}`;
    const raw = envelope(rig, `notif_${randomUUID()}`, stepId);
    const other = envelope(rig, `notif_${randomUUID()}`, `${stepId}-other`);
    const attempts: [string, Record<string, string>][] = [
      ['bad sha1', { 'X-Hub-Signature': hmac('sha1', `${rig.clientSecret}-wrong`, raw) }],
      ['no signature', {}],
      [
        'sha256 in the sha1 header',
        { 'X-Hub-Signature': hmac('sha256', rig.clientSecret, raw).replace('sha256', 'sha1') },
      ],
      ['signature of another body', { 'X-Hub-Signature': hmac('sha1', rig.clientSecret, other) }],
      ['empty signature', { 'X-Hub-Signature': '' }],
      ['events secret on an app notification', { 'X-Hub-Signature': hmac('sha1', rig.eventsSecret, raw) }],
    ];
    for (const [what, headers] of attempts) {
      const res = await hook(raw, headers);
      check(refused(res.status, res.json), `forged HITL webhook (${what}) answered ${res.status}`);
    }
    check((await stepCount(stepId)) === 0, 'a forged HITL webhook created a step');
  }

  // Forged Fin event: bad sha256, sha1 in the sha256 header, client secret instead of the events secret.
  {
    const conversationId = `access-forged-${randomUUID()}`;
    const raw = finEvent(conversationId);
    const attempts: [string, Record<string, string>][] = [
      [
        'bad sha256',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', `${rig.eventsSecret}-wrong`, raw) },
      ],
      [
        'sha1 in the sha256 header',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha1', rig.eventsSecret, raw) },
      ],
      [
        'truncated sha256',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', rig.eventsSecret, raw).slice(0, 40) },
      ],
      [
        'signature of another body',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', rig.eventsSecret, finEvent('other')) },
      ],
    ];
    if (rig.clientSecret !== rig.eventsSecret)
      attempts.push([
        'client secret on a Fin event',
        { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', rig.clientSecret, raw) },
      ]);
    for (const [what, headers] of attempts) {
      const res = await hook(raw, headers);
      check(refused(res.status, res.json), `forged Fin event (${what}) answered ${res.status}`);
    }
    const detail = await api.call('conversation', { params: { id: conversationId } });
    check(detail.status === 404 && (await eventCount(conversationId)) === 0, 'a forged Fin event was stored');
  }

  // Replays: the same envelope id again (also carrying another step), the same Fin event again.
  {
    const envelopeId = `notif_${randomUUID()}`;
    const first = `access-replay-${randomUUID()}`;
    const second = `access-replay-${randomUUID()}`;
    const raw = envelope(rig, envelopeId, first);
    const sig = { 'X-Hub-Signature': hmac('sha1', rig.clientSecret, raw) };
    const a = await hook(raw, sig);
    const b = await hook(raw, sig);
    check(a.status === 200 && b.status === 200, `replayed HITL webhook answered ${a.status}/${b.status}`);
    check((await stepCount(first)) === 1, 'a replayed HITL webhook stored the step twice');
    const swapped = envelope(rig, envelopeId, second);
    const c = await hook(swapped, { 'X-Hub-Signature': hmac('sha1', rig.clientSecret, swapped) });
    check(c.status < 500, `a replayed envelope id with another step answered ${c.status}`);
    check((await stepCount(second)) === 0, 'a replayed envelope id created a second step');

    const conversationId = `access-replay-${randomUUID()}`;
    const ev = finEvent(conversationId);
    const evSig = { 'X-Fin-Agent-API-Webhook-Signature': hmac('sha256', rig.eventsSecret, ev) };
    const d = await hook(ev, evSig);
    const e = await hook(ev, evSig);
    check(d.status === 200 && e.status === 200, `replayed Fin event answered ${d.status}/${e.status}`);
    check((await eventCount(conversationId)) === 1, 'a replayed Fin event was stored twice');
  }

  // The Fin token: not in any answer of the run (the inspector and health included), not in any log line.
  for (const name of ['calls', 'health', 'conversations', 'steps'] as const) {
    const res = await api.call(name);
    check(res.status === 200, `GET ${name} answered ${res.status}`);
  }
  check(
    api.leaks.length === 0,
    `a token appeared in ${api.leaks.length} answer(s): ${api.leaks
      .slice(0, 3)
      .map((l) => `${l.where} ${l.part}`)
      .join(', ')}`,
  );
  const secrets = [rig.token, rig.appToken, rig.adminToken];
  const leakedLines = lines.filter((l) => secrets.some((x) => l.text.includes(x)));
  check(
    leakedLines.length === 0,
    `a token appeared in ${leakedLines.length} log line(s): ${leakedLines[0]?.text.slice(0, 120) ?? ''}`,
  );
  if (opts.http) {
    const served = opts.http.log().split('\n');
    const leaked = served.filter((l) => secrets.some((x) => l.includes(x)));
    check(leaked.length === 0, `a token appeared in ${leaked.length} line(s) of the served console's log`);
  }
  return { checks, violations, matrix };
}

export type Role = 'viewer' | 'agent' | 'lead';
/** The least a caller must be: 'public' needs nothing; a role needs a signed-in caller with at least that role. */
export type MinRole = Role | 'public';

function fillPattern(rule: AccessRule, ids: MatrixIds): string {
  return rule.pattern.replace(/:(\w+)/g, (_, param: string) =>
    encodeURIComponent(rule.missing ? ids.missing : param === 'stepId' ? ids.stepId : ids.conversationId),
  );
}

const RANK: Record<Role, number> = { viewer: 0, agent: 1, lead: 2 };

export interface MatrixIds {
  conversationId: string;
  stepId: string;
  missing: string;
  unique: string;
}

export interface AccessRule {
  kind: 'api' | 'page';
  method: string;
  pattern: string;
  min: MinRole;
  /** Fill every `:param` with an id that does not exist; else `:id` is the conversation, `:stepId` the step. */
  missing?: boolean;
  /** A minimal valid-looking request: path (when filling the pattern is not enough) and JSON body. */
  request?: (ids: MatrixIds, rig: Rig) => { path?: string; body?: unknown; headers?: Record<string, string> };
}

const user = { id: 'access-user', name: 'Access Check', email: 'access@example.com' };
const message = { author: 'user', body: 'Where is my order?' };

export const ACCESS_TABLE: readonly AccessRule[] = [
  { kind: 'api', method: 'GET', pattern: '/api/health', min: 'public' },
  { kind: 'api', method: 'POST', pattern: '/api/webhooks/intercom', min: 'public' },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/auth/sign-in',
    min: 'public',
    request: () => ({ body: { email: 'viewer@demo.test', password: 'demo-viewer' } }),
  },
  { kind: 'page', method: 'GET', pattern: '/sign-in', min: 'public' },
  // Ending a session needs none: signed out, it answers the same and grants nothing.
  { kind: 'api', method: 'POST', pattern: '/api/auth/sign-out', min: 'public' },
  { kind: 'api', method: 'GET', pattern: '/api/auth/me', min: 'viewer' },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/fin/capabilities',
    min: 'viewer',
    request: () => ({ body: { user } }),
  },
  { kind: 'api', method: 'GET', pattern: '/api/conversations', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/conversations/:id', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/conversations/:id/stream', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/conversations/:id/fin-stream', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/conversations/:id/forks', min: 'viewer' },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/conversations/:id/forks',
    min: 'lead',
    missing: true,
    request: () => ({ body: { step_id: 'missing', values: [] } }),
  },
  { kind: 'api', method: 'GET', pattern: '/api/calls', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/drift', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/insights', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/end-users/seeded', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/hitl-steps', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/hitl-steps/stream', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/hitl-steps/:stepId', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/hitl-steps/:stepId/link', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/tokens', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/connection', min: 'viewer' },
  // HITL work (a step that does not exist: the role is checked before the step is looked up).
  { kind: 'api', method: 'POST', pattern: '/api/hitl-steps/:stepId/claim', min: 'agent', missing: true },
  { kind: 'api', method: 'DELETE', pattern: '/api/hitl-steps/:stepId/claim', min: 'agent', missing: true },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/hitl-steps/:stepId/submit',
    min: 'agent',
    missing: true,
    request: () => ({
      body: { attribute_values: [{ identifier: 'workflow_local_variables.a', value: true }] },
    }),
  },
  // Which run a step belongs to is a lead's call.
  {
    kind: 'api',
    method: 'PUT',
    pattern: '/api/hitl-steps/:stepId/link',
    min: 'lead',
    missing: true,
    request: () => ({ body: { conversation_id: null } }),
  },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/fin/ask',
    min: 'lead',
    request: (ids) => ({ body: { conversation_id: `access-ask-${ids.unique}`, message, user } }),
  },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/fin/start',
    min: 'lead',
    request: (ids) => ({ body: { conversation_id: `access-start-${ids.unique}`, message, user } }),
  },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/fin/reply',
    min: 'lead',
    request: (ids) => ({ body: { conversation_id: ids.conversationId, message, user } }),
  },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/fin/escalate',
    min: 'lead',
    request: (ids) => ({ body: { conversation_id: ids.conversationId, context: 'Access check' } }),
  },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/fin/csat',
    min: 'lead',
    request: (ids) => ({ body: { conversation_id: ids.conversationId, rating: 'good' } }),
  },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/fin/procedures/:procedureId/run',
    min: 'lead',
    request: (ids) => ({
      path: `/api/fin/procedures/${PROCEDURE_IDS.orderStatus}/run`,
      body: { conversation_id: `access-run-${ids.unique}`, user },
    }),
  },
  // Accounts and API tokens (ids that do not exist: the role is checked first).
  { kind: 'api', method: 'GET', pattern: '/api/users', min: 'lead' },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/users',
    min: 'lead',
    request: (ids) => ({
      body: {
        name: 'Access Check',
        email: `access-${ids.unique}@example.test`,
        role: 'viewer',
        password: 'access-check-password',
      },
    }),
  },
  {
    kind: 'api',
    method: 'PATCH',
    pattern: '/api/users/:id',
    min: 'lead',
    missing: true,
    request: () => ({ body: { name: 'Renamed' } }),
  },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/tokens',
    min: 'lead',
    request: (ids) => ({ body: { name: `access ${ids.unique}` } }),
  },
  // Lead, or the token's owner: nobody owns a token that does not exist.
  { kind: 'api', method: 'DELETE', pattern: '/api/tokens/:id', min: 'lead', missing: true },
  { kind: 'api', method: 'POST', pattern: '/api/connection/check', min: 'lead' },
  { kind: 'api', method: 'POST', pattern: '/api/connection/oauth/start', min: 'lead' },
  // Answers 405 to everyone: starting takes a POST, so a link elsewhere cannot start it.
  { kind: 'api', method: 'GET', pattern: '/api/connection/oauth/start', min: 'public' },
  {
    kind: 'api',
    method: 'GET',
    pattern: '/api/connection/oauth/callback',
    min: 'lead',
    request: (ids) => ({ path: `/api/connection/oauth/callback?code=access-${ids.unique}&state=forged` }),
  },
  { kind: 'api', method: 'DELETE', pattern: '/api/connection/oauth', min: 'lead' },
  // Procedures: anyone reads; a lead writes (an empty body or a missing id: no procedure is made).
  { kind: 'api', method: 'GET', pattern: '/api/procedures', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/procedures/schema', min: 'viewer' },
  { kind: 'api', method: 'GET', pattern: '/api/procedures/:id', min: 'viewer', missing: true },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/procedures/audience',
    min: 'viewer',
    request: () => ({ body: { attributes: { plan_type: 'Pro' } } }),
  },
  { kind: 'api', method: 'POST', pattern: '/api/procedures', min: 'lead', request: () => ({ body: {} }) },
  {
    kind: 'api',
    method: 'PUT',
    pattern: '/api/procedures/:id',
    min: 'lead',
    missing: true,
    request: () => ({ body: {} }),
  },
  { kind: 'api', method: 'DELETE', pattern: '/api/procedures/:id', min: 'lead', missing: true },
  // Scenario suites: anyone reads them; writing and running them is a lead's (a run calls Fin).
  { kind: 'api', method: 'GET', pattern: '/api/scenarios/suites', min: 'viewer' },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/scenarios/suites',
    min: 'lead',
    request: (ids) => ({
      body: {
        body: `name: access ${ids.unique}\nscenarios:\n  - { name: a, message: hi, expect: [{ resolved: true }] }\n`,
      },
    }),
  },
  { kind: 'api', method: 'GET', pattern: '/api/scenarios/suites/:id', min: 'viewer', missing: true },
  {
    kind: 'api',
    method: 'PUT',
    pattern: '/api/scenarios/suites/:id',
    min: 'lead',
    missing: true,
    request: () => ({
      body: { body: 'name: x\nscenarios:\n  - { name: a, message: hi, expect: [{ resolved: true }] }\n' },
    }),
  },
  { kind: 'api', method: 'DELETE', pattern: '/api/scenarios/suites/:id', min: 'lead', missing: true },
  { kind: 'api', method: 'GET', pattern: '/api/scenarios/suites/:id/runs', min: 'viewer', missing: true },
  { kind: 'api', method: 'POST', pattern: '/api/scenarios/suites/:id/runs', min: 'lead', missing: true },
  { kind: 'api', method: 'GET', pattern: '/api/scenarios/runs/:id', min: 'viewer', missing: true },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/conversations/:id/scenario',
    min: 'lead',
    missing: true,
    request: () => ({ body: { new_suite: 'access' } }),
  },
  // Replays and share links: anyone reads a replay; notes and links are a lead's.
  { kind: 'api', method: 'GET', pattern: '/api/conversations/:id/replay', min: 'viewer' },
  {
    kind: 'api',
    method: 'PUT',
    pattern: '/api/conversations/:id/notes/:seq',
    min: 'lead',
    missing: true,
    request: (ids) => ({ path: `/api/conversations/${ids.missing}/notes/1`, body: { body: 'note' } }),
  },
  {
    kind: 'api',
    method: 'POST',
    pattern: '/api/conversations/:id/share-links',
    min: 'lead',
    missing: true,
    request: () => ({ body: { expires_in_hours: 1 } }),
  },
  { kind: 'api', method: 'GET', pattern: '/api/share-links', min: 'lead' },
  { kind: 'api', method: 'POST', pattern: '/api/share-links/:id/revoke', min: 'lead', missing: true },
  // Pages: every one but /sign-in needs a session.
  { kind: 'page', method: 'GET', pattern: '/', min: 'viewer' },
  { kind: 'page', method: 'GET', pattern: '/conversations', min: 'viewer' },
  { kind: 'page', method: 'GET', pattern: '/inbox', min: 'viewer' },
  { kind: 'page', method: 'GET', pattern: '/settings', min: 'viewer' },
  { kind: 'page', method: 'GET', pattern: '/conversations/:id', min: 'viewer' },
  { kind: 'page', method: 'GET', pattern: '/conversations/:id/compare/:forkId', min: 'viewer' },
  { kind: 'page', method: 'GET', pattern: '/inbox/:stepId', min: 'viewer' },
];

export const PRINCIPALS = [
  ['nobody', null],
  ['garbage cookie', null],
  ['revoked token', null],
  ['viewer', 'viewer'],
  ['agent', 'agent'],
  ['lead', 'lead'],
  ['api token', 'lead'],
  ['admin token', 'lead'],
] as const satisfies readonly (readonly [string, Role | null])[];
export type PrincipalName = (typeof PRINCIPALS)[number][0];
const BEARERS: readonly PrincipalName[] = ['revoked token', 'api token', 'admin token'];
export const roleFor = (rule: Pick<AccessRule, 'kind'>, p: PrincipalName): Role | null =>
  rule.kind === 'page' && BEARERS.includes(p) ? null : PRINCIPALS.find(([n]) => n === p)![1];

export function allowed(min: MinRole, role: Role | null): boolean {
  if (min === 'public') return true;
  return role !== null && RANK[role] >= RANK[min];
}

/** 'other' (404, 400, 409…) means the caller got past the door and the request was answered. */
export function outcomeOf(status: number, location: string | null): 'granted' | 'refused' | 'other' {
  if (status === 401 || status === 403) return 'refused';
  if (status >= 300 && status < 400) {
    const to = location ?? '';
    if (/(^|\/)sign-in(\?|$|\/)/.test(to.replace(/^https?:\/\/[^/]+/, ''))) return 'refused';
    if (/[?&][a-z_]*error=/.test(to)) return 'other';
    return 'granted';
  }
  if (status >= 200 && status < 300) return 'granted';
  return 'other';
}

export interface MatrixCell {
  rule: AccessRule;
  principal: PrincipalName;
  status: number;
  location: string | null;
  transport: string;
}

export function judge(cell: MatrixCell): string | null {
  const may = allowed(cell.rule.min, roleFor(cell.rule, cell.principal));
  const outcome = outcomeOf(cell.status, cell.location);
  const where = `${cell.rule.method} ${cell.rule.pattern} as ${cell.principal} (${cell.transport})`;
  if (!may && outcome === 'granted')
    return `${where}: answered ${cell.status}${cell.location ? ` → ${cell.location}` : ''}, needs ${cell.rule.min}`;
  if (may && outcome === 'refused')
    return `${where}: refused with ${cell.status}${cell.location ? ` → ${cell.location}` : ''}, ${cell.rule.min === 'public' ? 'a public route' : `${cell.rule.min} is enough`}`;
  return null;
}

export function coverage(
  discovered: { pattern: string; methods: Iterable<string> }[],
  table: readonly AccessRule[] = ACCESS_TABLE,
): { rules: AccessRule[]; unlisted: string[]; absent: AccessRule[] } {
  const rules: AccessRule[] = [];
  const unlisted: string[] = [];
  const seen = new Set<AccessRule>();
  for (const d of discovered)
    for (const method of d.methods) {
      const rule = table.find((r) => r.kind === 'api' && r.pattern === d.pattern && r.method === method);
      if (rule) {
        rules.push(rule);
        seen.add(rule);
      } else unlisted.push(`${method} ${d.pattern}`);
    }
  const absent = table.filter((r) => r.kind === 'api' && !seen.has(r));
  return { rules, unlisted, absent };
}

export interface MatrixResult {
  transport: string;
  cells: MatrixCell[];
  violations: string[];
  requests: number;
  absent: string[];
}

const cookieFrom = (headers: Headers): string | null => {
  for (const c of headers.getSetCookie()) {
    const pair = c.split(';')[0]!.trim();
    if (pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1) return pair;
  }
  return null;
};

async function signIn(t: Transport, role: Role): Promise<{ cookie: string } | { error: string }> {
  const res = await t.send(
    'POST',
    '/api/auth/sign-in',
    { origin: t.origin },
    JSON.stringify({ email: `${role}@demo.test`, password: `demo-${role}` }),
  );
  const cookie = res.status === 200 ? cookieFrom(res.headers) : null;
  return cookie
    ? { cookie }
    : { error: `signing in the demo ${role} answered ${res.status} ${res.text.slice(0, 120)}` };
}

export async function runMatrix(
  rig: Rig,
  t: Transport,
  routes: { pattern: string; methods: Iterable<string> }[],
): Promise<MatrixResult> {
  const violations: string[] = [];
  const cells: MatrixCell[] = [];
  let requests = 0;
  const send: Transport['send'] = (...a) => {
    requests++;
    return t.send(...a);
  };
  const tx: Transport = { ...t, send };
  const { rules, unlisted, absent } = coverage(routes);
  for (const u of unlisted) violations.push(`${u} (${t.name}): no rule in the access table`);

  const creds = new Map<PrincipalName, Record<string, string>>();
  creds.set('nobody', {});
  creds.set('garbage cookie', { cookie: `${SESSION_COOKIE}=garbage-${randomUUID()}` });
  creds.set('admin token', { authorization: `Bearer ${rig.adminToken}` });
  const cookies = new Map<Role, string>();
  for (const role of ['viewer', 'agent', 'lead'] as const) {
    const r = await signIn(tx, role);
    if ('cookie' in r) {
      cookies.set(role, r.cookie);
      creds.set(role, { cookie: r.cookie });
    } else violations.push(`${t.name}: ${r.error}`);
  }
  const lead = cookies.get('lead');
  const mintToken = async (name: string) => {
    if (!lead) return null;
    const res = await send(
      'POST',
      '/api/tokens',
      { cookie: lead, origin: t.origin },
      JSON.stringify({ name }),
    );
    const body = safeJson(res.text) as { secret?: string; token?: { id?: string } } | null;
    if (res.status !== 201 && res.status !== 200) {
      violations.push(`${t.name}: the demo lead could not create an API token (${res.status})`);
      return null;
    }
    return body?.secret && body.token?.id ? { secret: body.secret, id: body.token.id } : null;
  };
  const token = await mintToken(`access matrix ${randomUUID().slice(0, 8)}`);
  if (token) creds.set('api token', { authorization: `Bearer ${token.secret}` });
  const revoked = await mintToken(`access matrix revoked ${randomUUID().slice(0, 8)}`);
  if (revoked && lead) {
    const res = await send('DELETE', `/api/tokens/${encodeURIComponent(revoked.id)}`, {
      cookie: lead,
      origin: t.origin,
    });
    if (res.status >= 300) violations.push(`${t.name}: revoking an API token answered ${res.status}`);
    creds.set('revoked token', { authorization: `Bearer ${revoked.secret}` });
  }

  const unique = randomUUID().slice(0, 8);
  const ids: MatrixIds = {
    conversationId: `access-matrix-${unique}`,
    stepId: `access-matrix-step-${unique}`,
    missing: `access-missing-${unique}`,
    unique,
  };
  {
    const ev = finEvent(ids.conversationId);
    await send(
      'POST',
      '/api/webhooks/intercom',
      {
        'x-fin-agent-api-webhook-signature': hmac('sha256', rig.eventsSecret, ev),
      },
      ev,
    );
    const raw = envelope(rig, `notif_${randomUUID()}`, ids.stepId);
    await send(
      'POST',
      '/api/webhooks/intercom',
      { 'x-hub-signature': hmac('sha1', rig.clientSecret, raw) },
      raw,
    );
  }

  const pageRules = t.pages ? ACCESS_TABLE.filter((r) => r.kind === 'page') : [];
  // Signing out ends the session it is sent with: those go last, each with a session of its own.
  const ordered = [...pageRules, ...rules].sort(
    (a, b) => Number(a.pattern === '/api/auth/sign-out') - Number(b.pattern === '/api/auth/sign-out'),
  );
  let n = 0;
  for (const rule of ordered) {
    for (const [principal] of PRINCIPALS) {
      let headers = creds.get(principal);
      if (!headers) continue; // set-up failed: reported above
      if (rule.pattern === '/api/auth/sign-out' && principal in { viewer: 1, agent: 1, lead: 1 }) {
        const fresh = await signIn(tx, principal as Role);
        if (!('cookie' in fresh)) continue;
        headers = { cookie: fresh.cookie };
      }
      const spec = rule.request?.({ ...ids, unique: `${ids.unique}-${++n}` }, rig) ?? {};
      const path = spec.path ?? fillPattern(rule, ids);
      let body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      let extra: Record<string, string> = {};
      if (rule.pattern === '/api/webhooks/intercom') {
        body = finEvent(`access-matrix-hook-${unique}-${n}`);
        extra = { 'x-fin-agent-api-webhook-signature': hmac('sha256', rig.eventsSecret, body) };
      }
      if (rule.method !== 'GET' && rule.method !== 'HEAD' && 'cookie' in headers) extra.origin = t.origin;
      const res = await send(rule.method, path, { ...headers, ...extra, ...spec.headers }, body);
      const cell: MatrixCell = {
        rule,
        principal,
        status: res.status,
        location: res.location,
        transport: t.name,
      };
      cells.push(cell);
      const v = judge(cell);
      if (v) violations.push(v);
    }
  }

  if (lead) {
    for (const [what, h] of [
      ['Origin http://evil.example', { origin: 'http://evil.example' }],
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Origin null', { origin: 'null' }],
    ] as const) {
      for (const [method, path, body] of [
        ['POST', '/api/fin/capabilities', JSON.stringify({ user })],
        ['POST', `/api/hitl-steps/${encodeURIComponent(ids.stepId)}/claim`, undefined],
        ['POST', '/api/tokens', JSON.stringify({ name: 'cross-site' })],
      ] as const) {
        const res = await send(method, path, { cookie: lead, ...h }, body);
        if (res.status !== 403)
          violations.push(
            `${method} ${path} with the lead's cookie and ${what} (${t.name}): answered ${res.status}, must be refused`,
          );
      }
    }
    // The same request from the console's own origin goes through (the check refuses only cross-site).
    const same = await send(
      'POST',
      '/api/fin/capabilities',
      { cookie: lead, origin: t.origin },
      JSON.stringify({ user }),
    );
    if (outcomeOf(same.status, same.location) === 'refused')
      violations.push(
        `POST /api/fin/capabilities with the lead's cookie from the console's origin (${t.name}): refused ${same.status}`,
      );
  }
  return {
    transport: t.name,
    cells,
    violations,
    requests,
    absent: absent.map((r) => `${r.method} ${r.pattern}`),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function matrixTable(results: MatrixResult[]): (string | number)[][] {
  const rows = new Map<AccessRule, Map<PrincipalName, string[]>>();
  for (const r of results)
    for (const c of r.cells) {
      const row = rows.get(c.rule) ?? new Map<PrincipalName, string[]>();
      rows.set(c.rule, row);
      const list = row.get(c.principal) ?? [];
      list.push(`${c.status}${judge(c) ? '!' : ''}`);
      row.set(c.principal, list);
    }
  const order = [...rows.keys()].sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) || a.pattern.localeCompare(b.pattern) || a.method.localeCompare(b.method),
  );
  return [
    ['route', 'method', 'min', ...PRINCIPALS.map(([p]) => p)],
    ...order.map((rule) => [
      rule.kind === 'page' ? `page ${rule.pattern}` : rule.pattern,
      rule.method,
      rule.min,
      ...PRINCIPALS.map(([p]) => rows.get(rule)!.get(p)?.join('/') ?? '-'),
    ]),
  ];
}
