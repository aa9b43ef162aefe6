import { describe, expect, it } from 'vitest';
import { freshDbPerSuite } from '@/testing/server/harness';
import { authenticate } from './authenticate';
import { DEMO_ACCOUNTS, demoAccountsEnabled, seedDemoAccounts } from './demo';
import { hostAllowed, isCrossSite } from './origin';
import { hashPassword, verifyPassword } from './passwords';
import { clientIp, PEER_HEADER, RateLimiter } from './rate-limit';
import { assertRole, roleAtLeast, type Role } from './roles';
import { sha256Hex } from './secrets';
import {
  createSession,
  isHttps,
  SESSION_MAX_AGE_MS,
  SESSION_TTL_MS,
  sessionCookie,
  sessionPrincipal,
  sessionSecretFrom,
  sweepSessions,
} from './sessions';
import { createToken, revokeToken, tokenPrincipal } from './tokens';
import { checkCredentials, createUser, updateUser } from './users';

describe('passwords', () => {
  it('scrypt hashes carry their parameters and a fresh salt, and verify only the same password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies hashes made with other parameters; malformed hashes never match', async () => {
    const cheap = await hashPassword('pw-0123456789', { logN: 10, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$10$8$1$')).toBe(true);
    expect(await verifyPassword('pw-0123456789', cheap)).toBe(true);
    for (const bad of [
      '',
      'plain',
      'scrypt$15$8$1$abc',
      'scrypt$99$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAA',
      'bcrypt$x$y$z$a$b',
    ]) {
      expect(await verifyPassword('pw-0123456789', bad)).toBe(false);
    }
  });
});

describe('roles', () => {
  it('are ordered viewer < agent < lead, and the 403 names both roles', () => {
    expect(roleAtLeast('lead', 'agent')).toBe(true);
    expect(roleAtLeast('agent', 'agent')).toBe(true);
    expect(roleAtLeast('viewer', 'agent')).toBe(false);
    const me = { via: 'session' as const, userId: 'u', name: 'V', email: null, role: 'agent' as const };
    expect(() => assertRole(me, 'lead')).toThrow('This needs the lead role (you are an agent)');
    expect(() => assertRole({ ...me, role: 'viewer' }, 'agent')).toThrow(
      'This needs the agent role (you are a viewer)',
    );
    expect(() => assertRole(me, 'viewer')).not.toThrow();
  });
});

describe('origin check', () => {
  const req = (method: string, headers: Record<string, string>) =>
    new Request('http://console.local:3000/api/fin/ask', { method, headers });
  it('refuses cross-site state changes only', () => {
    expect(isCrossSite(req('POST', { origin: 'http://console.local:3000' }))).toBe(false);
    expect(isCrossSite(req('POST', {}))).toBe(false);
    expect(isCrossSite(req('POST', { origin: 'http://evil.test' }))).toBe(true);
    expect(isCrossSite(req('POST', { origin: 'http://console.local:3001' }))).toBe(true);
    expect(isCrossSite(req('DELETE', { 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSite(req('PATCH', { origin: 'null' }))).toBe(true);
    expect(isCrossSite(req('PUT', { origin: 'not a url' }))).toBe(true);
    expect(isCrossSite(req('GET', { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' }))).toBe(
      false,
    );
    expect(
      isCrossSite(req('POST', { origin: 'https://console.example', 'x-forwarded-host': 'console.example' })),
    ).toBe(false);
  });
});

describe('rate limiter', () => {
  it('allows `limit` hits per window per key and says how long to wait', () => {
    let now = 1_000_000;
    const l = new RateLimiter(3, 60_000, { now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('a')).toBe(0);
      l.hit('a');
      now += 10_000;
    }
    // Hits at 0 s, 10 s, 20 s; now 30 s: the first expires at 60 s.
    expect(l.retryAfter('a')).toBe(30);
    expect(l.retryAfter('b')).toBe(0);
    now += 30_000;
    expect(l.retryAfter('a')).toBe(0);
    l.hit('a');
    expect(l.retryAfter('a')).toBe(10);
    l.reset('a');
    expect(l.retryAfter('a')).toBe(0);
  });

  it('forgets quiet keys and never holds more than maxKeys', () => {
    let now = 0;
    const l = new RateLimiter(1, 1000, { now: () => now, maxKeys: 100 });
    for (let i = 0; i < 500; i++) l.hit(`k${i}`);
    expect(l.size).toBeLessThanOrEqual(100);
    now += 2000;
    l.hit('fresh');
    for (let i = 0; i < 150; i++) l.hit(`m${i}`);
    expect(l.size).toBeLessThanOrEqual(100);
  });

  it('the client address is the socket peer; X-Forwarded-For only as far as TRUST_PROXY says', () => {
    const r = (h: Record<string, string>) => new Request('http://x/', { headers: h });
    const xff = { 'x-forwarded-for': '198.51.100.1, 1.1.1.1, 10.0.0.2' };
    expect(clientIp(r(xff), null, '203.0.113.5')).toBe('203.0.113.5');
    expect(clientIp(r(xff), null, '::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(clientIp(r(xff), null)).toBe('unknown');
    expect(clientIp(r(xff), { hops: 1 }, '10.0.0.9')).toBe('10.0.0.2');
    expect(clientIp(r(xff), { hops: 2 }, '10.0.0.9')).toBe('1.1.1.1');
    expect(clientIp(r(xff), { hops: 9 }, '10.0.0.9')).toBe('198.51.100.1');
    expect(clientIp(r({}), { hops: 1 }, '10.0.0.9')).toBe('10.0.0.9');
    // Ranges: every trusted hop is skipped, the first untrusted one is the client.
    const ranges = { ranges: ['10.0.0.0/8', '::1/128'] };
    expect(clientIp(r(xff), ranges, '10.0.0.9')).toBe('1.1.1.1');
    expect(clientIp(r(xff), ranges, '::1')).toBe('1.1.1.1');
    expect(clientIp(r(xff), ranges, '192.0.2.1')).toBe('192.0.2.1');
    expect(clientIp(r({ 'x-forwarded-for': '10.1.1.1' }), ranges, '10.0.0.9')).toBe('10.1.1.1');
  });

  it("believes the peer header only when the console's server says it sets it", () => {
    const flag = Symbol.for('fin-console.peer-header');
    const g = globalThis as Record<symbol, unknown>;
    const req = new Request('http://x/', { headers: { [PEER_HEADER]: '192.0.2.7' } });
    const before = g[flag];
    try {
      g[flag] = undefined;
      expect(clientIp(req, null)).toBe('unknown');
      g[flag] = true;
      expect(clientIp(req, null)).toBe('192.0.2.7');
      expect(clientIp(req, null, '192.0.2.8')).toBe('192.0.2.8');
    } finally {
      g[flag] = before;
    }
  });
});

describe('cookies', () => {
  it('session cookies are httpOnly, SameSite=Lax, Secure on https, and read back from a Cookie header', () => {
    const expires = new Date(Date.now() + SESSION_TTL_MS);
    expect(sessionCookie('abc', { secure: true, expires })).toMatch(
      /^__Host-fin_console_session=abc; Path=\/; HttpOnly; SameSite=Lax; Max-Age=4(3200|319\d); Secure$/,
    );
    expect(sessionCookie(null, { secure: false })).toBe(
      'fin_console_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    );
    expect(sessionSecretFrom('a=1; fin_console_session=s3cret; b=2')).toBe('s3cret');
    expect(sessionSecretFrom('fin_console_session_x=1')).toBeNull();
    expect(sessionSecretFrom(null)).toBeNull();
  });

  it('on https the cookie is __Host- prefixed and Secure, and only that name is read back', () => {
    const expires = new Date(Date.now() + SESSION_TTL_MS);
    expect(sessionCookie('abc', { secure: true, expires })).toMatch(
      /^__Host-fin_console_session=abc; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/,
    );
    expect(sessionCookie(null, { secure: true })).toBe(
      '__Host-fin_console_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure',
    );
    const both = 'fin_console_session=planted; __Host-fin_console_session=real';
    expect(sessionSecretFrom(both, true)).toBe('real');
    expect(sessionSecretFrom('fin_console_session=planted', true)).toBeNull();
    expect(sessionSecretFrom(both, false)).toBe('planted');
  });

  it('https comes from CONSOLE_ORIGIN, else the request', () => {
    const https = { consoleOrigin: 'https://console.example.com' };
    const none = { consoleOrigin: null };
    expect(isHttps(https, new Request('http://127.0.0.1:3000/'))).toBe(true);
    expect(isHttps(none, new Request('http://127.0.0.1:3000/'))).toBe(false);
    expect(isHttps(none, new Request('https://console.example.com/'))).toBe(true);
    expect(isHttps(none, new Headers({ 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(isHttps({ consoleOrigin: 'http://127.0.0.1:3000' }, new Headers())).toBe(false);
  });
});

describe('host allow-list', () => {
  const env = (allowedHosts: string[] | null, demoAccounts = false) => ({
    allowedHosts,
    demoAccounts,
    finApiTarget: 'custom' as const,
  });
  it('answers any host when nothing is configured, else only the listed names (any port)', () => {
    expect(hostAllowed(env(null), 'evil.example', false)).toBe(true);
    const listed = env(['console.example.com']);
    expect(hostAllowed(listed, 'console.example.com', false)).toBe(true);
    expect(hostAllowed(listed, 'Console.Example.com.:443', false)).toBe(true);
    expect(hostAllowed(listed, 'evil.example', false)).toBe(false);
    expect(hostAllowed(listed, 'console.example.com.evil.example', false)).toBe(false);
    expect(hostAllowed(listed, undefined, false)).toBe(false);
  });
  it('allows loopback names in development and demo mode only', () => {
    const listed = env(['console.example.com']);
    expect(hostAllowed(listed, '127.0.0.1:3000', false)).toBe(false);
    expect(hostAllowed(listed, 'localhost:3000', true)).toBe(true);
    expect(hostAllowed(listed, '[::1]:3000', true)).toBe(true);
    expect(hostAllowed(env(['console.example.com'], true), '127.0.0.1:3000', false)).toBe(true);
    expect(hostAllowed(env(['console.example.com'], true), 'evil.example', false)).toBe(false);
  });
});

describe('with a store', () => {
  const db = freshDbPerSuite();
  const newUser = (name: string, role: Role = 'agent', email = `${name.toLowerCase()}@example.com`) =>
    createUser(db(), { name, email, role, password: 'long-enough-1' });

  it('sessions slide: used within 12 h they live on, unused for 12 h they end', async () => {
    const user = await newUser('Sam', 'agent', 'Sam@Example.com');
    expect(user.email).toBe('sam@example.com');
    const t0 = Date.now();
    const { secret, expiresAt } = await createSession(db(), user.id, t0);
    expect(expiresAt.getTime()).toBe(t0 + SESSION_TTL_MS);
    const stored = await db().query<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [user.id]);
    expect(stored[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.id).not.toBe(secret);

    expect((await sessionPrincipal(db(), secret, t0 + 30_000))?.renewed).toBeNull();
    // 11 h later: still valid, and pushed back to 12 h from then.
    const at11 = t0 + 11 * 3600_000;
    const later = await sessionPrincipal(db(), secret, at11);
    expect(later?.principal).toEqual({
      via: 'session',
      userId: user.id,
      name: 'Sam',
      email: 'sam@example.com',
      role: 'agent',
    });
    expect(later?.renewed?.getTime()).toBe(at11 + SESSION_TTL_MS);
    // 22 h after the start is fine (10 h idle); 12 h idle is not, and the row is gone.
    expect(await sessionPrincipal(db(), secret, t0 + 22 * 3600_000)).not.toBeNull();
    expect(await sessionPrincipal(db(), secret, t0 + 34 * 3600_000 + 1)).toBeNull();
    expect(await db().query('SELECT id FROM sessions WHERE user_id = $1', [user.id])).toEqual([]);
  });

  it('a session ends at its absolute lifetime however often it is used, and renewal never passes it', async () => {
    const user = await newUser('Abe');
    const day = 24 * 3600_000;
    const t0 = Date.now();
    const { secret } = await createSession(db(), user.id, t0);
    // Used every ten hours: the sliding expiry alone would keep it forever.
    let t = t0;
    for (; t < t0 + 2 * day; t += 10 * 3600_000) {
      const seen = await sessionPrincipal(db(), secret, t, 2 * day);
      expect(seen, `at +${(t - t0) / 3600_000} h`).not.toBeNull();
      expect(seen!.renewed?.getTime() ?? 0).toBeLessThanOrEqual(t0 + 2 * day);
    }
    expect(await sessionPrincipal(db(), secret, t0 + 2 * day, 2 * day)).toBeNull();
    expect(await db().query('SELECT id FROM sessions WHERE user_id = $1', [user.id])).toEqual([]);
    expect(SESSION_MAX_AGE_MS).toBe(30 * day);
  });

  it('sweepSessions deletes expired and too-old sessions, keeps live ones', async () => {
    const user = await newUser('Bea');
    const day = 24 * 3600_000;
    const now = Date.now();
    const live = await createSession(db(), user.id, now);
    await createSession(db(), user.id, now - SESSION_TTL_MS - 1000);
    const old = await createSession(db(), user.id, now - 31 * day);
    // Kept alive by use, but past the absolute lifetime.
    await db().query('UPDATE sessions SET expires_at = $2 WHERE id = $1', [
      sha256Hex(old.secret),
      new Date(now + 3600_000),
    ]);
    expect(await sweepSessions(db(), now)).toBe(2);
    const left = await db().query<{ id: string }>('SELECT id FROM sessions WHERE user_id = $1', [user.id]);
    expect(left.map((r) => r.id)).toEqual([sha256Hex(live.secret)]);
  });

  it('a new password ends the account’s other sessions, all of them when set by someone else', async () => {
    const user = await newUser('Cal');
    const a = await createSession(db(), user.id);
    const b = await createSession(db(), user.id);
    const c = await createSession(db(), user.id);
    await updateUser(db(), user.id, { password: 'long-enough-2' }, { keepSession: a.secret });
    expect(await sessionPrincipal(db(), a.secret)).not.toBeNull();
    expect(await sessionPrincipal(db(), b.secret)).toBeNull();
    expect(await sessionPrincipal(db(), c.secret)).toBeNull();
    await updateUser(db(), user.id, { password: 'long-enough-3' });
    expect(await sessionPrincipal(db(), a.secret)).toBeNull();
    const d = await createSession(db(), user.id);
    await updateUser(db(), user.id, { name: 'Cal B' });
    expect(await sessionPrincipal(db(), d.secret)).not.toBeNull();
  });

  it('API tokens: fcon_ + 32 bytes, stored hashed, last use written at most once a minute, revocable', async () => {
    const user = await newUser('Tia', 'viewer');
    const { token, secret } = await createToken(db(), { userId: user.id, name: 'laptop' });
    expect(secret).toMatch(/^fcon_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({
      prefix: secret.slice(0, 12),
      user_name: 'Tia',
      role: 'viewer',
      last_used_at: null,
    });
    const t0 = Date.now();
    expect(await tokenPrincipal(db(), secret, t0)).toMatchObject({
      via: 'token',
      userId: user.id,
      role: 'viewer',
    });
    const used = async () =>
      (
        await db().query<{ last_used_at: Date }>('SELECT last_used_at FROM api_tokens WHERE id = $1', [
          token.id,
        ])
      )[0]!.last_used_at;
    expect(new Date(await used()).getTime()).toBe(t0);
    await tokenPrincipal(db(), secret, t0 + 30_000);
    expect(new Date(await used()).getTime()).toBe(t0);
    await tokenPrincipal(db(), secret, t0 + 61_000);
    expect(new Date(await used()).getTime()).toBe(t0 + 61_000);

    expect(await tokenPrincipal(db(), `${secret}x`)).toBeNull();
    expect(await tokenPrincipal(db(), 'not-a-token')).toBeNull();
    const me = { via: 'token' as const, userId: user.id, name: 'Tia', email: null, role: 'viewer' as const };
    await expect(revokeToken(db(), token.id, { ...me, userId: 'someone-else' })).rejects.toThrow(
      'No such token',
    );
    expect((await revokeToken(db(), token.id, me)).revoked_at).not.toBeNull();
    expect(await tokenPrincipal(db(), secret)).toBeNull();
  });

  it('authenticate: admin token (constant-time compare), API token, cookie; a bad Bearer is never a fallback to the cookie', async () => {
    const env = { adminToken: 'a'.repeat(32), finApiTarget: 'simulator' as const };
    const ctx = { db: db(), env } as never;
    const h = (o: Record<string, string>) => new Headers(o);
    expect((await authenticate(ctx, h({ authorization: `Bearer ${'a'.repeat(32)}` })))?.principal.via).toBe(
      'admin-token',
    );
    expect(await authenticate(ctx, h({ authorization: `Bearer ${'a'.repeat(31)}` }))).toBeNull();
    expect(await authenticate(ctx, h({ authorization: 'Basic abc' }))).toBeNull();
    const user = await newUser('Uma', 'lead');
    const { secret } = await createSession(db(), user.id);
    expect((await authenticate(ctx, h({ cookie: `fin_console_session=${secret}` })))?.principal.name).toBe(
      'Uma',
    );
    expect(
      await authenticate(ctx, h({ cookie: `fin_console_session=${secret}`, authorization: 'Bearer nope' })),
    ).toBeNull();
  });

  it('credentials: case-insensitive email, disabled accounts refused, last lead kept', async () => {
    const lead = await newUser('Lee', 'lead');
    expect((await checkCredentials(db(), 'LEE@example.com ', 'long-enough-1'))?.id).toBe(lead.id);
    expect(await checkCredentials(db(), 'lee@example.com', 'long-enough-2')).toBeNull();
    expect(await checkCredentials(db(), 'nobody@example.com', 'long-enough-1')).toBeNull();
    // Uma (above) is another active lead, so Lee may go; then Uma is the last.
    await updateUser(db(), lead.id, { disabled: true });
    expect(await checkCredentials(db(), 'lee@example.com', 'long-enough-1')).toBeNull();
    const uma = (await db().query<{ id: string }>("SELECT id FROM users WHERE email = 'uma@example.com'"))[0]!
      .id;
    await expect(updateUser(db(), uma, { role: 'viewer' })).rejects.toThrow(
      'There must be at least one active lead',
    );
    await updateUser(db(), lead.id, { disabled: false });
    expect((await updateUser(db(), uma, { role: 'viewer' })).role).toBe('viewer');
  });

  it('demo accounts: seeded only when CONSOLE_DEMO_ACCOUNTS=1, once', async () => {
    expect(demoAccountsEnabled({ demoAccounts: true })).toBe(true);
    expect(demoAccountsEnabled({ demoAccounts: false })).toBe(false);
    await seedDemoAccounts(db());
    await db().query("UPDATE users SET name = 'Renamed' WHERE email = 'lead@demo.test'");
    await seedDemoAccounts(db());
    const rows = await db().query<{ email: string; name: string; role: string }>(
      "SELECT email, name, role FROM users WHERE email LIKE '%@demo.test' ORDER BY email",
    );
    expect(rows).toEqual([
      { email: 'agent@demo.test', name: 'Alex Agent', role: 'agent' },
      { email: 'lead@demo.test', name: 'Renamed', role: 'lead' },
      { email: 'viewer@demo.test', name: 'Val Viewer', role: 'viewer' },
    ]);
    for (const a of DEMO_ACCOUNTS)
      expect((await checkCredentials(db(), a.email, a.password))?.role).toBe(a.role);
  });
});
