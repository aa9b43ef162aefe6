/** Sign-in, roles and tokens through the route handlers: who may call what, and what is refused. */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROCEDURE_IDS } from '@/testing/sim';
import * as meRoute from '@/app/api/auth/me/route';
import * as signInRoute from '@/app/api/auth/sign-in/route';
import * as signOutRoute from '@/app/api/auth/sign-out/route';
import * as callsRoute from '@/app/api/calls/route';
import * as conversationsRoute from '@/app/api/conversations/route';
import * as askRoute from '@/app/api/fin/ask/route';
import * as capabilitiesRoute from '@/app/api/fin/capabilities/route';
import * as runRoute from '@/app/api/fin/procedures/[procedureId]/run/route';
import * as healthRoute from '@/app/api/health/route';
import * as claimRoute from '@/app/api/hitl-steps/[stepId]/claim/route';
import * as stepsRoute from '@/app/api/hitl-steps/route';
import * as tokenRoute from '@/app/api/tokens/[id]/route';
import * as tokensRoute from '@/app/api/tokens/route';
import * as userRoute from '@/app/api/users/[id]/route';
import * as usersRoute from '@/app/api/users/route';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../auth/demo';
import { limiter, PEER_HEADER, SIGN_IN_LIMITS } from '../auth/rate-limit';
import { signIn as signInService } from '../auth/service';
import { SESSION_COOKIE } from '../auth/sessions';
import { listAudit } from '../db/records';
import {
  ADMIN_TOKEN,
  CLIENT_SECRET,
  closeConsoleContext,
  getRequest,
  jsonRequest,
  openPeer,
  params,
  realtime,
  startHarness,
  TEST_DATABASE_URL,
  uid,
  waitFor,
  type As,
  type Harness,
} from '@/testing/server/harness';

let h: Harness;
// As `stampPeer` leaves it: the socket's peer in PEER_HEADER, believed once the server sets it.
const SERVER_SETS_PEER = Symbol.for('fin-console.peer-header');
beforeAll(async () => {
  (globalThis as Record<symbol, unknown>)[SERVER_SETS_PEER] = true;
  h = await startHarness({ webhooks: false, demoAccounts: true });
});
afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[SERVER_SETS_PEER];
  await h?.close();
});
/** Headers of a request whose socket peer is `ip`. */
const peer = (ip: string) => ({ [PEER_HEADER]: ip });

const noParams = params({});
type ErrorBody = { type: string; errors: { code: string; message: string; field?: string }[] };

async function json<T>(res: Response | Promise<Response>): Promise<[number, T, Response]> {
  const r = await res;
  return [r.status, (await r.json()) as T, r];
}

/** Signs in through the route and returns the session cookie's value. */
async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  const res = await signInRoute.POST(
    jsonRequest('/api/auth/sign-in', { email, password }, { as: null, headers }),
    noParams,
  );
  const cookie = res.headers.get('set-cookie');
  return { res, secret: cookie?.match(new RegExp(`${SESSION_COOKIE}=([^;]*)`))?.[1] ?? null, cookie };
}

const session = async (role: 'lead' | 'agent' | 'viewer'): Promise<As> => {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const { secret } = await signIn(account.email, account.password);
  return { cookie: secret! };
};

const ask = (as: As | undefined, headers: Record<string, string> = {}) =>
  askRoute.POST(
    jsonRequest(
      '/api/fin/ask',
      {
        conversation_id: uid('auth-ask'),
        message: { author: 'user', body: 'hi' },
        user: { id: 'auth-user' },
      },
      { as, headers },
    ),
    noParams,
  );

describe('no credentials', () => {
  it('every route but health, webhooks and sign-in answers 401 in the error.list shape', async () => {
    const calls: Promise<Response>[] = [
      callsRoute.GET(getRequest('/api/calls', { as: null }), noParams),
      conversationsRoute.GET(getRequest('/api/conversations', { as: null }), noParams),
      stepsRoute.GET(getRequest('/api/hitl-steps', { as: null }), noParams),
      capabilitiesRoute.POST(
        jsonRequest('/api/fin/capabilities', { user: { id: 'u' } }, { as: null }),
        noParams,
      ),
      ask(null),
      meRoute.GET(getRequest('/api/auth/me', { as: null }), noParams),
      usersRoute.GET(getRequest('/api/users', { as: null }), noParams),
      tokensRoute.GET(getRequest('/api/tokens', { as: null }), noParams),
      claimRoute.POST(jsonRequest('/api/hitl-steps/x/claim', {}, { as: null }), params({ stepId: 'x' })),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        type: 'error.list',
        errors: [{ code: 'unauthorized', message: 'Sign in to continue' }],
      });
    }
    expect((await healthRoute.GET(getRequest('/api/health', { as: null }), noParams)).status).toBe(200);
  });

  it('a Bearer that is not a token, or a cookie for no session, is refused too', async () => {
    expect((await ask({ bearer: 'fcon_not-a-real-token' })).status).toBe(401);
    expect((await ask({ bearer: 'x'.repeat(40) })).status).toBe(401);
    expect((await ask({ cookie: 'no-such-session' })).status).toBe(401);
  });
});

describe('sign-in, me and sign-out', () => {
  it('the demo accounts are seeded once, and signing in sets an httpOnly cookie', async () => {
    await seedDemoAccounts((await h.ctx()).db);
    const [, list] = await json<{ users: { email: string }[] }>(
      usersRoute.GET(getRequest('/api/users'), noParams),
    );
    expect(
      list.users
        .filter((u) => u.email.endsWith('@demo.test'))
        .map((u) => u.email)
        .sort(),
    ).toEqual(['agent@demo.test', 'lead@demo.test', 'viewer@demo.test']);

    const { res, cookie, secret } = await signIn('Lead@Demo.test ', 'demo-lead');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: { id: expect.any(String), name: 'Dana Lead', email: 'lead@demo.test', role: 'lead' },
    });
    expect(cookie).toMatch(
      /^fin_console_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=4(3200|319\d)$/,
    );

    const [meStatus, me] = await json(
      meRoute.GET(getRequest('/api/auth/me', { as: { cookie: secret! } }), noParams),
    );
    expect([meStatus, me]).toEqual([
      200,
      {
        user: { id: expect.any(String), name: 'Dana Lead', email: 'lead@demo.test', role: 'lead' },
        via: 'session',
      },
    ]);

    const out = await signOutRoute.POST(
      jsonRequest('/api/auth/sign-out', {}, { as: { cookie: secret! } }),
      noParams,
    );
    expect(out.status).toBe(200);
    expect(await out.json()).toEqual({ ok: true });
    expect(out.headers.get('set-cookie')).toMatch(
      /^fin_console_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/,
    );
    expect(
      (await meRoute.GET(getRequest('/api/auth/me', { as: { cookie: secret! } }), noParams)).status,
    ).toBe(401);
  });

  it('a wrong password or unknown email is the same 401; a bad body is a field-level 400', async () => {
    for (const [email, password] of [
      ['lead@demo.test', 'nope'],
      ['nobody@demo.test', 'demo-lead'],
    ] as const) {
      const { res, cookie } = await signIn(email, password);
      expect(res.status).toBe(401);
      expect(cookie).toBeNull();
      expect(await res.json()).toMatchObject({
        type: 'error.list',
        errors: [{ code: 'unauthorized', message: 'Email or password is wrong' }],
      });
    }
    const [status, body] = await json<ErrorBody>(
      signInRoute.POST(jsonRequest('/api/auth/sign-in', { email: '' }, { as: null }), noParams),
    );
    expect(status).toBe(400);
    expect(body.errors.map((e) => [e.field, e.message])).toEqual([
      ['email', 'Enter your email'],
      ['password', 'Enter your password'],
    ]);
  });

  it('ten failures for one address and email → 429 with Retry-After, even with the right password', async () => {
    const email = 'viewer@demo.test';
    const from = peer('198.51.100.7');
    for (let i = 0; i < 10; i++) expect((await signIn(email, `wrong-${i}`, from)).res.status).toBe(401);
    const { res } = await signIn(email, 'demo-viewer', from);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(await res.json()).toMatchObject({
      type: 'error.list',
      errors: [
        {
          code: 'rate_limited',
          message: expect.stringMatching(/^Too many attempts; try again in \d+ seconds$/),
        },
      ],
    });
    expect((await signIn(email, 'demo-viewer', peer('198.51.100.8'))).res.status).toBe(200);
  });

  it('a new X-Forwarded-For on each attempt does not reset the limit: the address is the socket peer', async () => {
    const email = `${uid('xff')}@example.com`;
    await usersRoute.POST(
      jsonRequest('/api/users', { name: 'Xavi', email, role: 'agent', password: 'xavi password' }),
      noParams,
    );
    const from = (i: number) => ({ ...peer('198.51.100.20'), 'x-forwarded-for': `203.0.113.${i + 1}` });
    for (let i = 0; i < 10; i++) expect((await signIn(email, `wrong-${i}`, from(i))).res.status).toBe(401);
    expect((await signIn(email, 'xavi password', from(99))).res.status).toBe(429);
  });

  it('a stranger failing from many addresses cannot lock a lead out', async () => {
    const email = `${uid('lead')}@example.com`;
    await usersRoute.POST(
      jsonRequest('/api/users', { name: 'Lena Lead', email, role: 'lead', password: 'lena password' }),
      noParams,
    );
    // Sixty failures from twelve addresses (also in X-Forwarded-For, as a proxy would): past any per-account ceiling.
    const from = (ip: string) => ({ ...peer(ip), 'x-forwarded-for': ip });
    const answers: number[] = [];
    for (let a = 0; a < 12; a++)
      for (let i = 0; i < 5; i++)
        answers.push((await signIn(email, `guess-${a}-${i}`, from(`203.0.113.${100 + a}`))).res.status);
    expect(answers.every((s) => s === 401)).toBe(true);
    expect((await signIn(email, 'lena password', from('192.0.2.44'))).res.status).toBe(200);
  }, 120_000);

  it('password checks per address are limited before hashing: past the budget even a right password is 429', async () => {
    const from = peer('198.51.100.30');
    const answers: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMITS.checks.points; i++)
      answers.push((await signIn(`${uid('nobody')}@example.com`, 'whatever', from)).res.status);
    expect(answers.every((s) => s === 401)).toBe(true);
    const { res } = await signIn('agent@demo.test', 'demo-agent', from);
    expect(res.status).toBe(429);
    // Successes give their check back: another address signs in again and again.
    for (let i = 0; i < 3; i++)
      expect((await signIn('agent@demo.test', 'demo-agent', peer('192.0.2.45'))).res.status).toBe(200);
  }, 120_000);

  it.skipIf(!TEST_DATABASE_URL)('on Postgres the limits hold across console instances', async () => {
    const other = await openPeer(h, 'auth-peer');
    try {
      const email = `${uid('multi')}@example.com`;
      const req = () =>
        jsonRequest(
          '/api/auth/sign-in',
          { email, password: 'wrong' },
          { as: null, headers: peer('198.51.100.40') },
        );
      for (let i = 0; i < 5; i++) {
        await expect(signInService(await h.ctx(), req(), { email, password: 'wrong' })).rejects.toThrow();
        await expect(signInService(other, req(), { email, password: 'wrong' })).rejects.toThrow();
      }
      expect((await signInService(other, req(), { email, password: 'wrong' })).status).toBe(429);
    } finally {
      await closeConsoleContext(other);
    }
  });

  it('sign-in from another site is refused', async () => {
    const { res } = await signIn('lead@demo.test', 'demo-lead', {
      origin: 'https://evil.example',
      host: 'console.test',
    });
    expect(res.status).toBe(403);
  });
});

describe('roles', () => {
  it('viewer reads; agent claims; only a lead runs, asks and manages accounts', async () => {
    const viewer = await session('viewer');
    const agent = await session('agent');
    const lead = await session('lead');

    for (const as of [viewer, agent, lead]) {
      expect((await conversationsRoute.GET(getRequest('/api/conversations', { as }), noParams)).status).toBe(
        200,
      );
      expect(
        (
          await capabilitiesRoute.POST(
            jsonRequest('/api/fin/capabilities', { user: { id: 'u' } }, { as }),
            noParams,
          )
        ).status,
      ).toBe(200);
    }

    const [vs, vb] = await json<ErrorBody>(ask(viewer));
    expect([vs, vb.errors[0]]).toEqual([
      403,
      { code: 'forbidden', message: 'This needs the lead role (you are a viewer)' },
    ]);
    const [as_, ab] = await json<ErrorBody>(ask(agent));
    expect([as_, ab.errors[0]?.message]).toEqual([403, 'This needs the lead role (you are an agent)']);
    expect((await ask(lead)).status).toBe(200);

    const [cs, cb] = await json<ErrorBody>(
      claimRoute.POST(
        jsonRequest('/api/hitl-steps/none/claim', {}, { as: viewer }),
        params({ stepId: 'none' }),
      ),
    );
    expect([cs, cb.errors[0]?.message]).toEqual([403, 'This needs the agent role (you are a viewer)']);
    // An agent gets past the role check (and finds no such step).
    expect(
      (
        await claimRoute.POST(
          jsonRequest('/api/hitl-steps/none/claim', {}, { as: agent }),
          params({ stepId: 'none' }),
        )
      ).status,
    ).toBe(404);

    expect((await usersRoute.GET(getRequest('/api/users', { as: agent }), noParams)).status).toBe(403);
    expect(
      (await tokensRoute.POST(jsonRequest('/api/tokens', { name: 'x' }, { as: agent }), noParams)).status,
    ).toBe(403);
    const run = await runRoute.POST(
      jsonRequest(
        `/api/fin/procedures/${PROCEDURE_IDS.resetPassword}/run`,
        { user: { id: 'u' } },
        { as: agent },
      ),
      params({ procedureId: PROCEDURE_IDS.resetPassword }),
    );
    expect(run.status).toBe(403);
  });

  it('a cookie-authenticated change from another site is refused; the same with a Bearer token is not', async () => {
    const lead = await session('lead');
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example', host: 'console.test' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
    ];
    for (const headers of crossSite) {
      const [status, body] = await json<ErrorBody>(ask(lead, headers));
      expect([status, body.errors[0]]).toEqual([
        403,
        { code: 'forbidden', message: 'Cross-site request refused' },
      ]);
    }
    expect(
      (
        await ask(lead, {
          origin: 'http://console.test',
          host: 'console.test',
          'sec-fetch-site': 'same-origin',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await conversationsRoute.GET(
          getRequest('/api/conversations', { as: lead, headers: { origin: 'https://evil.example' } }),
          noParams,
        )
      ).status,
    ).toBe(200);
    expect((await ask(undefined, { origin: 'https://evil.example', host: 'console.test' })).status).toBe(200);
  });

  it('the operations token is a lead recorded by name in the audit log', async () => {
    const [, me] = await json(meRoute.GET(getRequest('/api/auth/me'), noParams));
    expect(me).toEqual({
      user: { id: null, name: 'operations token', email: null, role: 'lead' },
      via: 'admin-token',
    });
    expect((await ask({ bearer: `${ADMIN_TOKEN}x` })).status).toBe(401);
  });
});

describe('accounts', () => {
  it('a lead adds, renames, re-roles and disables accounts; disabling ends sessions and tokens', async () => {
    const email = `${uid('ann')}@example.com`;
    const [status, made] = await json<{ user: { id: string; role: string; email: string } }>(
      usersRoute.POST(
        jsonRequest('/api/users', {
          name: 'Ann Agent',
          email: email.toUpperCase(),
          role: 'agent',
          password: 'correct horse',
        }),
        noParams,
      ),
    );
    expect(status).toBe(201);
    expect(made.user).toMatchObject({ email, role: 'agent', disabled: false, last_sign_in_at: null });
    expect(made.user).not.toHaveProperty('password_hash');

    const [dup, dupBody] = await json<ErrorBody>(
      usersRoute.POST(
        jsonRequest('/api/users', { name: 'Ann 2', email, role: 'agent', password: 'correct horse' }),
        noParams,
      ),
    );
    expect([dup, dupBody.errors[0]?.field]).toEqual([409, 'email']);
    const [bad, badBody] = await json<ErrorBody>(
      usersRoute.POST(
        jsonRequest('/api/users', { name: '', email: 'x', role: 'admin', password: 'short' }),
        noParams,
      ),
    );
    expect(bad).toBe(400);
    expect(badBody.errors.map((e) => e.field)).toEqual(['name', 'email', 'role', 'password']);

    const { secret } = await signIn(email, 'correct horse');
    const ann: As = { cookie: secret! };
    const [, meBefore] = await json<{ user: { role: string } }>(
      meRoute.GET(getRequest('/api/auth/me', { as: ann }), noParams),
    );
    expect(meBefore.user.role).toBe('agent');

    const [, promoted] = await json<{ user: { role: string; name: string } }>(
      userRoute.PATCH(
        jsonRequest(`/api/users/${made.user.id}`, { role: 'lead', name: 'Ann Lead' }, { method: 'PATCH' }),
        params({ id: made.user.id }),
      ),
    );
    expect(promoted.user).toMatchObject({ role: 'lead', name: 'Ann Lead' });
    // The role is read on every request: the open session has it at once.
    const [, tokenMade] = await json<{
      secret: string;
      token: { prefix: string; user_name: string; role: string };
    }>(
      tokensRoute.POST(
        jsonRequest(
          '/api/tokens',
          { name: 'ci' },
          { as: ann, headers: { origin: 'http://console.test', host: 'console.test' } },
        ),
        noParams,
      ),
    );
    expect(tokenMade.secret).toMatch(/^fcon_[A-Za-z0-9_-]{43}$/);
    expect(tokenMade.token).toMatchObject({
      prefix: tokenMade.secret.slice(0, 12),
      user_name: 'Ann Lead',
      role: 'lead',
    });
    expect((await ask({ bearer: tokenMade.secret })).status).toBe(200);

    await userRoute.PATCH(
      jsonRequest(`/api/users/${made.user.id}`, { disabled: true }, { method: 'PATCH' }),
      params({ id: made.user.id }),
    );
    expect((await meRoute.GET(getRequest('/api/auth/me', { as: ann }), noParams)).status).toBe(401);
    expect((await ask({ bearer: tokenMade.secret })).status).toBe(401);
    expect((await signIn(email, 'correct horse')).res.status).toBe(401);

    const db = (await h.ctx()).db;
    expect((await listAudit(db, made.user.id)).map((a) => `${a.actor}:${a.action}`).reverse()).toEqual([
      'operations token:user.create',
      'Ann Agent:auth.sign-in',
      'operations token:user.update',
      'operations token:user.update',
    ]);
    const byAnn = await db.query<{ actor: string; actor_id: string | null }>(
      "SELECT actor, actor_id FROM audit_log WHERE action = 'token.create' AND actor_id = $1",
      [made.user.id],
    );
    expect(byAnn).toEqual([{ actor: 'Ann Lead', actor_id: made.user.id }]);
  });

  it('the last active lead can be neither demoted nor disabled', async () => {
    const db = (await h.ctx()).db;
    const leads = await db.query<{ id: string }>("SELECT id FROM users WHERE role = 'lead' AND NOT disabled");
    for (const l of leads.slice(1)) {
      expect(
        (
          await userRoute.PATCH(
            jsonRequest(`/api/users/${l.id}`, { disabled: true }, { method: 'PATCH' }),
            params({ id: l.id }),
          )
        ).status,
      ).toBe(200);
    }
    const last = leads[0]!.id;
    for (const patch of [{ role: 'agent' }, { disabled: true }]) {
      const [status, body] = await json<ErrorBody>(
        userRoute.PATCH(jsonRequest(`/api/users/${last}`, patch, { method: 'PATCH' }), params({ id: last })),
      );
      expect([status, body.errors[0]]).toEqual([
        409,
        { code: 'conflict', message: 'There must be at least one active lead' },
      ]);
    }
    expect(
      (
        await userRoute.PATCH(
          jsonRequest(`/api/users/${last}`, { name: 'Still Lead' }, { method: 'PATCH' }),
          params({ id: last }),
        )
      ).status,
    ).toBe(200);
    for (const l of leads.slice(1)) {
      await userRoute.PATCH(
        jsonRequest(`/api/users/${l.id}`, { disabled: false }, { method: 'PATCH' }),
        params({ id: l.id }),
      );
    }
    expect(
      (
        await userRoute.PATCH(
          jsonRequest('/api/users/nope', { name: 'x' }, { method: 'PATCH' }),
          params({ id: 'nope' }),
        )
      ).status,
    ).toBe(404);
  });
});

describe('cookies on https', () => {
  it('with an https CONSOLE_ORIGIN the session cookie is __Host- and Secure, and a plain-named one is not read', async () => {
    const env = (await h.ctx()).env;
    const before = env.consoleOrigin;
    env.consoleOrigin = 'https://console.test';
    try {
      const { res, cookie } = await signIn('viewer@demo.test', 'demo-viewer', peer('192.0.2.60'));
      expect(res.status).toBe(200);
      expect(cookie).toMatch(
        /^__Host-fin_console_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/,
      );
      const secret = /=([^;]*)/.exec(cookie!)![1]!;
      const me = (cookieHeader: string) =>
        meRoute.GET(getRequest('/api/auth/me', { as: null, headers: { cookie: cookieHeader } }), noParams);
      expect((await me(`__Host-fin_console_session=${secret}`)).status).toBe(200);
      // A cookie without the prefix could have been planted by a sibling subdomain or over http.
      expect((await me(`fin_console_session=${secret}`)).status).toBe(401);
      const out = await signOutRoute.POST(
        jsonRequest(
          '/api/auth/sign-out',
          {},
          {
            as: null,
            headers: {
              cookie: `__Host-fin_console_session=${secret}`,
              origin: 'https://console.test',
              host: 'console.test',
            },
          },
        ),
        noParams,
      );
      expect(out.headers.get('set-cookie')).toBe(
        '__Host-fin_console_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure',
      );
      expect((await me(`__Host-fin_console_session=${secret}`)).status).toBe(401);
    } finally {
      env.consoleOrigin = before;
    }
  });
});

describe('password changes', () => {
  const me = (as: As) => meRoute.GET(getRequest('/api/auth/me', { as }), noParams);
  const sameSite = { origin: 'http://console.test', host: 'console.test' };

  it('a lead changing their own password keeps that session and ends the others; a lead changing it for them ends all', async () => {
    const email = `${uid('pat')}@example.com`;
    const [, made] = await json<{ user: { id: string } }>(
      usersRoute.POST(
        jsonRequest('/api/users', { name: 'Pat Lead', email, role: 'lead', password: 'first password' }),
        noParams,
      ),
    );
    const here: As = { cookie: (await signIn(email, 'first password')).secret! };
    const laptop: As = { cookie: (await signIn(email, 'first password')).secret! };
    const phone: As = { cookie: (await signIn(email, 'first password')).secret! };

    const changed = await userRoute.PATCH(
      jsonRequest(
        `/api/users/${made.user.id}`,
        { password: 'second password' },
        { method: 'PATCH', as: here, headers: sameSite },
      ),
      params({ id: made.user.id }),
    );
    expect(changed.status).toBe(200);
    expect((await me(here)).status).toBe(200);
    expect((await me(laptop)).status).toBe(401);
    expect((await me(phone)).status).toBe(401);

    // Set by someone else (the operations token here): every session ends, the changer's too.
    const again: As = { cookie: (await signIn(email, 'second password')).secret! };
    await userRoute.PATCH(
      jsonRequest(`/api/users/${made.user.id}`, { password: 'third password' }, { method: 'PATCH' }),
      params({ id: made.user.id }),
    );
    expect((await me(here)).status).toBe(401);
    expect((await me(again)).status).toBe(401);
    expect((await signIn(email, 'third password')).res.status).toBe(200);
  });
});

describe('session sweep', () => {
  it('a console starting up deletes sessions that expired or outlived their lifetime, and keeps live ones', async () => {
    const db = (await h.ctx()).db;
    const user = (
      await db.query<{ id: string }>("SELECT id FROM users WHERE email = 'viewer@demo.test'")
    )[0]!;
    const day = 24 * 3600_000;
    const now = Date.now();
    const add = (id: string, created: number, expires: number) =>
      db.query(
        'INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)',
        [id, user.id, new Date(created), new Date(expires)],
      );
    const ids = { expired: uid('expired'), old: uid('old'), live: uid('live') };
    await add(ids.expired, now - 2 * day, now - day);
    await add(ids.old, now - 40 * day, now + 3600_000);
    await add(ids.live, now, now + 3600_000);
    const restarted = await h.restart();
    const left = async () =>
      (
        await restarted.db.query<{ id: string }>('SELECT id FROM sessions WHERE id = ANY($1::text[])', [
          Object.values(ids),
        ])
      ).map((r) => r.id);
    await waitFor(async () => (await left()).length === 1, 5000, 'the sweep at start');
    expect(await left()).toEqual([ids.live]);
  });
});

describe('API tokens', () => {
  it("a lead lists everyone's; others their own; the owner or a lead revokes; a revoked token stops working", async () => {
    const [, made] = await json<{
      secret: string;
      token: { id: string; user_id: string | null; revoked_at: string | null };
    }>(tokensRoute.POST(jsonRequest('/api/tokens', { name: 'ops script' }), noParams));
    expect(made.token.user_id).toBeNull();
    const [, bad] = await json<ErrorBody>(
      tokensRoute.POST(jsonRequest('/api/tokens', { name: ' ' }), noParams),
    );
    expect(bad.errors[0]).toMatchObject({ field: 'name', message: 'Name the token' });

    const asToken: As = { bearer: made.secret };
    const [, me] = await json(meRoute.GET(getRequest('/api/auth/me', { as: asToken }), noParams));
    expect(me).toEqual({
      user: { id: null, name: 'operations token (ops script)', email: null, role: 'lead' },
      via: 'token',
    });

    const [, all] = await json<{ tokens: { id: string; last_used_at: string | null }[] }>(
      tokensRoute.GET(getRequest('/api/tokens'), noParams),
    );
    expect(all.tokens.find((t) => t.id === made.token.id)?.last_used_at).not.toBeNull();
    const viewer = await session('viewer');
    const [, own] = await json<{ tokens: unknown[] }>(
      tokensRoute.GET(getRequest('/api/tokens', { as: viewer }), noParams),
    );
    expect(own.tokens).toEqual([]);
    // Someone else's token is "not found" to a non-lead.
    expect(
      (
        await tokenRoute.DELETE(
          getRequest(`/api/tokens/${made.token.id}`, { method: 'DELETE', as: viewer }),
          params({ id: made.token.id }),
        )
      ).status,
    ).toBe(404);

    const [status, revoked] = await json<{ token: { revoked_at: string | null } }>(
      tokenRoute.DELETE(
        getRequest(`/api/tokens/${made.token.id}`, { method: 'DELETE' }),
        params({ id: made.token.id }),
      ),
    );
    expect(status).toBe(200);
    expect(revoked.token.revoked_at).not.toBeNull();
    expect((await meRoute.GET(getRequest('/api/auth/me', { as: asToken }), noParams)).status).toBe(401);
    const row = (
      await (
        await h.ctx()
      ).db.query<{ secret_hash: string }>('SELECT secret_hash FROM api_tokens WHERE id = $1', [made.token.id])
    )[0]!;
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.secret_hash).not.toContain(made.secret);
  });
});

describe('webhook endpoint', () => {
  it('badly signed requests are limited per address; correctly signed ones never are', async () => {
    // Over HTTP the address is the loopback peer the realtime entry records.
    const post = (body: string, headers: Record<string, string>) =>
      realtime(jsonRequest('/api/webhooks/intercom', body, { as: null, headers }));
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) statuses.push((await post('{}', { 'x-hub-signature': 'sha1=00' })).status);
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
    const limited = await post('{}', {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);

    const body = JSON.stringify({
      type: 'notification_event',
      topic: 'ping',
      id: uid('notif'),
      data: { item: {} },
    });
    const sig = `sha1=${createHmac('sha1', CLIENT_SECRET).update(body).digest('hex')}`;
    for (let i = 0; i < 3; i++) expect((await post(body, { 'x-hub-signature': sig })).status).not.toBe(429);
    limiter('webhook').reset('127.0.0.1');
  });
});
