import { describe, expect, it } from 'vitest';
import {
  ACCESS_TABLE,
  allowed,
  coverage,
  judge,
  matrixTable,
  outcomeOf,
  PRINCIPALS,
  roleFor,
  runMatrix,
  SESSION_COOKIE,
  type AccessRule,
  type MatrixCell,
  type Role,
} from './access';
import type { Rig } from './rig';
import { patternOf } from './routes';
import { matchRoute, type Answer, type Transport } from './transport';

const rule = (pattern: string, method = 'GET') =>
  ACCESS_TABLE.find((r) => r.pattern === pattern && r.method === method)!;
const cell = (
  r: AccessRule,
  principal: MatrixCell['principal'],
  status: number,
  location: string | null = null,
): MatrixCell => ({
  rule: r,
  principal,
  status,
  location,
  transport: 'test',
});

describe('access table', () => {
  it('orders roles and opens public routes to everyone', () => {
    expect(allowed('public', null)).toBe(true);
    expect(allowed('viewer', null)).toBe(false);
    expect(allowed('viewer', 'viewer')).toBe(true);
    expect(allowed('agent', 'viewer')).toBe(false);
    expect(allowed('agent', 'lead')).toBe(true);
    expect(allowed('lead', 'agent')).toBe(false);
  });

  it('reads answers as granted, refused or other', () => {
    expect(outcomeOf(200, null)).toBe('granted');
    expect(outcomeOf(201, null)).toBe('granted');
    expect(outcomeOf(401, null)).toBe('refused');
    expect(outcomeOf(403, null)).toBe('refused');
    expect(outcomeOf(307, '/sign-in?next=%2Finbox')).toBe('refused');
    expect(outcomeOf(307, 'http://127.0.0.1:3000/sign-in')).toBe('refused');
    expect(outcomeOf(302, '/settings?oauth_error=forbidden')).toBe('other');
    expect(outcomeOf(302, 'http://127.0.0.1:4010/oauth?client_id=x')).toBe('granted');
    expect(outcomeOf(404, null)).toBe('other');
    expect(outcomeOf(409, null)).toBe('other');
  });

  it('counts a success the table forbids and a refusal it does not', () => {
    const cells = [
      cell(rule('/api/fin/ask', 'POST'), 'viewer', 200), // violation: needs lead
      cell(rule('/api/users'), 'lead', 403), // violation: lead is enough
      cell(rule('/api/webhooks/intercom', 'POST'), 'nobody', 401), // violation: public
      cell(rule('/'), 'nobody', 200), // violation: a page without a session
      cell(rule('/settings'), 'garbage cookie', 307, '/sign-in?next=%2Fsettings'), // fine
      cell(rule('/api/hitl-steps/:stepId/claim', 'POST'), 'agent', 404), // fine: past the door
      cell(rule('/api/hitl-steps/:stepId/claim', 'POST'), 'viewer', 403), // fine
      cell(rule('/api/conversations'), 'revoked token', 401), // fine
      cell(rule('/api/conversations'), 'api token', 200), // fine
      cell(rule('/inbox'), 'admin token', 307, '/sign-in?next=%2Finbox'), // fine: pages need a session
      cell(rule('/inbox'), 'api token', 200), // violation: a Bearer token is no session
    ];
    const found = cells.map(judge).filter(Boolean);
    expect(found).toHaveLength(5);
    expect(found[0]).toMatch(/POST \/api\/fin\/ask as viewer .*answered 200, needs lead/);
    expect(found[1]).toMatch(/GET \/api\/users as lead .*refused with 403/);
    const t = matrixTable([{ transport: 'test', cells, violations: [], requests: cells.length, absent: [] }]);
    expect(t[0]).toEqual(['route', 'method', 'min', ...PRINCIPALS.map(([p]) => p)]);
    expect(t.find((r) => r[0] === '/api/fin/ask')).toContain('200!');
  });

  it('flags a route that is not in the table, and lists rules without a route', () => {
    const c = coverage([
      { pattern: '/api/health', methods: ['GET'] },
      { pattern: '/api/secret-admin', methods: ['POST'] },
      { pattern: '/api/users', methods: ['GET', 'PUT'] },
    ]);
    expect(c.unlisted).toEqual(['POST /api/secret-admin', 'PUT /api/users']);
    expect(c.rules.map((r) => `${r.method} ${r.pattern}`)).toEqual(['GET /api/health', 'GET /api/users']);
    expect(c.absent.length).toBeGreaterThan(10);
  });

  it('names app routes as URL patterns and matches static segments first', () => {
    expect(patternOf('api/hitl-steps/[stepId]/claim')).toBe('/api/hitl-steps/:stepId/claim');
    expect(patternOf('(console)/inbox/[stepId]')).toBe('/inbox/:stepId');
    const routes = ['/api/hitl-steps/:stepId', '/api/hitl-steps/stream'].map((pattern) => ({
      pattern,
      file: '',
      methods: new Map(),
    }));
    expect(matchRoute(routes, '/api/hitl-steps/stream')?.route.pattern).toBe('/api/hitl-steps/stream');
    expect(matchRoute(routes, '/api/hitl-steps/abc')?.params).toEqual({ stepId: 'abc' });
  });
});

/** A console in memory that answers by the table, or lets everyone in when `open`. */
function fakeConsole(open: boolean): Transport {
  const sessions = new Map<string, Role>();
  const tokens = new Map<string, { role: Role; revoked: boolean; id: string }>();
  let n = 0;
  const answer = (
    status: number,
    body: unknown = {},
    headers: Record<string, string> = {},
    location: string | null = null,
  ): Answer => ({
    status,
    location,
    text: JSON.stringify(body),
    headers: new Headers(headers),
  });
  return {
    name: 'in-process',
    pages: true,
    origin: 'http://console.test',
    async send(method, path, headers = {}, body) {
      const url = new URL(path, 'http://console.test');
      let role: Role | null = null;
      const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
      if (bearer === 'admin') role = 'lead';
      else if (bearer) role = tokens.get(bearer)?.revoked === false ? tokens.get(bearer)!.role : null;
      else role = sessions.get((headers.cookie ?? '').split('=')[1] ?? '') ?? null;
      if (url.pathname === '/api/auth/sign-in') {
        const who = (JSON.parse(body ?? '{}') as { email: string }).email.split('@')[0] as Role;
        const secret = `s${++n}`;
        sessions.set(secret, who);
        return answer(
          200,
          { user: { role: who } },
          { 'set-cookie': `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly` },
        );
      }
      const crossSite =
        method !== 'GET' &&
        headers.cookie &&
        (headers.origin ?? 'http://console.test') !== 'http://console.test';
      if (crossSite || headers['sec-fetch-site'] === 'cross-site') return answer(open ? 200 : 403);
      if (url.pathname === '/api/tokens' && method === 'POST' && (open || role === 'lead')) {
        const secret = `fcon_${++n}`;
        tokens.set(secret, { role: 'lead', revoked: false, id: `tok${n}` });
        return answer(201, { token: { id: `tok${n}` }, secret });
      }
      if (url.pathname.startsWith('/api/tokens/tok') && method === 'DELETE') {
        for (const t of tokens.values()) if (url.pathname.endsWith(t.id)) t.revoked = true;
        return answer(200);
      }
      const rules = ACCESS_TABLE.filter((r) => r.method === method);
      const r = rules.find((x) =>
        matchRoute([{ pattern: x.pattern, file: '', methods: new Map() }], url.pathname),
      );
      if (!r) return answer(404);
      const session = r.kind === 'page' && bearer ? null : role;
      if (open || allowed(r.min, session)) return answer(200);
      return r.kind === 'page' ? answer(307, null, {}, '/sign-in') : answer(role ? 403 : 401);
    },
  };
}

const fakeRig = {
  adminToken: 'admin',
  eventsSecret: 'e',
  clientSecret: 'c',
  simUrl: 'http://sim.test',
  env: { finApiBaseUrl: 'http://sim.test' },
} as Rig;
const everyRoute = [...new Set(ACCESS_TABLE.filter((r) => r.kind === 'api').map((r) => r.pattern))].map(
  (pattern) => ({
    pattern,
    methods: ACCESS_TABLE.filter((r) => r.kind === 'api' && r.pattern === pattern).map((r) => r.method),
  }),
);

describe('access matrix', () => {
  it('finds nothing wrong with a console that follows the table', async () => {
    const m = await runMatrix(fakeRig, fakeConsole(false), everyRoute);
    expect(m.violations).toEqual([]);
    expect(m.cells.length).toBe(ACCESS_TABLE.length * PRINCIPALS.length);
  });

  it('counts every door left open, and a missing cross-site check', async () => {
    const m = await runMatrix(fakeRig, fakeConsole(true), [
      ...everyRoute,
      { pattern: '/api/new', methods: ['POST'] },
    ]);
    const denied = ACCESS_TABLE.reduce(
      (n, r) => n + PRINCIPALS.filter(([p]) => !allowed(r.min, roleFor(r, p))).length,
      0,
    );
    const crossSite = m.violations.filter((v) => v.includes('must be refused'));
    expect(crossSite).toHaveLength(9);
    expect(m.violations.filter((v) => v.includes('needs'))).toHaveLength(denied);
    expect(m.violations).toContain('POST /api/new (in-process): no rule in the access table');
  });
});
