import type { AuthUser } from '@/lib/console/auth';
import type { ConsoleContext } from '../context';
import { writeAudit } from '../db/records';
import { ConsoleError } from '../errors';
import { clientIp, limiter } from './rate-limit';
import { auditActor, type Principal, type Role } from './roles';
import { createSession, endSession, isHttps, sessionCookie, sessionSecretFrom } from './sessions';
import { createToken, listTokens, revokeToken, type TokenView } from './tokens';
import {
  checkCredentials,
  createUser,
  listUsers,
  normaliseEmail,
  principalOf,
  updateUser,
  type UserView,
} from './users';
import { userStreamOwner } from '../stream-guard';
import { rateLimited } from './webhook-guard';

/** What the route handlers under /api/auth, /api/users and /api/tokens do; they only parse and call. */

export const WRONG_CREDENTIALS = 'Email or password is wrong';

const userOf = (p: Pick<Principal, 'userId' | 'name' | 'email' | 'role'>): AuthUser => ({
  id: p.userId,
  name: p.name,
  email: p.email,
  role: p.role,
});

/**
 * Checks the credentials and starts a session. Ten failures within ten minutes for one address
 * and email, or fifty for one email from any address, answer 429 (with Retry-After) until the
 * oldest of them is ten minutes old.
 */
export async function signIn(
  ctx: ConsoleContext,
  req: Request,
  body: { email: string; password: string },
): Promise<Response> {
  const email = normaliseEmail(body.email);
  const buckets: [ReturnType<typeof limiter>, string][] = [
    [limiter('sign-in'), `${clientIp(req)}|${email}`],
    [limiter('sign-in-account'), email],
  ];
  const wait = Math.max(...buckets.map(([limits, key]) => limits.retryAfter(key)));
  if (wait > 0) return rateLimited(wait);
  const user = await checkCredentials(ctx.db, body.email, body.password);
  if (!user) {
    for (const [limits, key] of buckets) limits.hit(key);
    throw new ConsoleError('unauthorized', 401, WRONG_CREDENTIALS);
  }
  for (const [limits, key] of buckets) limits.reset(key);
  const { secret, expiresAt } = await createSession(ctx.db, user.id);
  await writeAudit(ctx.db, { actor: user.name, actorId: user.id, action: 'auth.sign-in', target: user.id });
  return Response.json(
    { user: userOf(principalOf(user, 'session')) },
    { headers: { 'set-cookie': sessionCookie(secret, { secure: isHttps(req), expires: expiresAt }) } },
  );
}

/** Ends the cookie's session (if any) and clears the cookie; harmless when signed out. */
export async function signOut(ctx: ConsoleContext, req: Request): Promise<Response> {
  const secret = sessionSecretFrom(req.headers.get('cookie'));
  if (secret) {
    await endSession(ctx.db, secret);
    // Whose session it was is not looked up: every instance re-checks its open streams.
    ctx.hub.fanout.publishCredentials(null);
  }
  return Response.json(
    { ok: true },
    { headers: { 'set-cookie': sessionCookie(null, { secure: isHttps(req) }) } },
  );
}

export const whoAmI = (me: Principal) => ({ user: userOf(me), via: me.via });

export async function accounts(ctx: ConsoleContext): Promise<{ users: UserView[] }> {
  return { users: await listUsers(ctx.db) };
}

export async function addAccount(
  ctx: ConsoleContext,
  me: Principal,
  body: { name: string; email: string; role: Role; password: string },
): Promise<Response> {
  const user = await createUser(ctx.db, body);
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'user.create',
    target: user.id,
    detail: { role: user.role },
  });
  return Response.json({ user }, { status: 201 });
}

export async function changeAccount(
  ctx: ConsoleContext,
  me: Principal,
  id: string,
  patch: { name?: string; role?: Role; password?: string; disabled?: boolean },
): Promise<{ user: UserView }> {
  const user = await updateUser(ctx.db, id, patch);
  ctx.hub.fanout.publishCredentials(userStreamOwner(id));
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'user.update',
    target: id,
    detail: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.password !== undefined ? { password: 'changed' } : {}),
    },
  });
  return { user };
}

/** A lead sees every token; anyone else their own. */
export async function tokens(ctx: ConsoleContext, me: Principal): Promise<{ tokens: TokenView[] }> {
  return { tokens: await listTokens(ctx.db, me.role === 'lead' ? undefined : me.userId) };
}

export async function addToken(
  ctx: ConsoleContext,
  me: Principal,
  body: { name: string },
): Promise<Response> {
  const made = await createToken(ctx.db, { userId: me.userId, name: body.name });
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'token.create',
    target: made.token.id,
    detail: { name: body.name },
  });
  return Response.json(made, { status: 201 });
}

export async function dropToken(
  ctx: ConsoleContext,
  me: Principal,
  id: string,
): Promise<{ token: TokenView }> {
  const token = await revokeToken(ctx.db, id, me);
  ctx.hub.fanout.publishCredentials(token.user_id ? userStreamOwner(token.user_id) : null);
  await writeAudit(ctx.db, { ...auditActor(me), action: 'token.revoke', target: id });
  return { token };
}
