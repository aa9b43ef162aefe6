import type { AuthUser, CreateTokenBody } from '@/lib/console/auth';
import type { ConsoleContext } from '../context';
import { writeAudit } from '../db/records';
import { ConsoleError } from '../errors';
import { clientIp, limitKey, signInLimits, spend } from './rate-limit';
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

/** Checks credentials and starts a session; 10 failures per address and email in 10 minutes answer 429, and each address has a scrypt budget. */
export async function signIn(
  ctx: ConsoleContext,
  req: Request,
  body: { email: string; password: string },
): Promise<Response> {
  const email = normaliseEmail(body.email);
  const ip = clientIp(req, ctx.env.trustProxy);
  const limits = await signInLimits(ctx.db);
  const pair = limitKey(ip, email);
  const address = limitKey(ip);
  const wait = (await spend(limits.checks, address)) || (await spend(limits.failures, pair));
  if (wait > 0) return rateLimited(wait);
  const user = await checkCredentials(ctx.db, body.email, body.password);
  if (!user) throw new ConsoleError('unauthorized', WRONG_CREDENTIALS);
  await limits.failures.delete(pair);
  await limits.checks.reward(address);
  const { secret, expiresAt } = await createSession(ctx.db, user.id);
  await writeAudit(ctx.db, { actor: user.name, actorId: user.id, action: 'auth.sign-in', target: user.id });
  return Response.json(
    { user: userOf(principalOf(user, 'session')) },
    {
      headers: { 'set-cookie': sessionCookie(secret, { secure: isHttps(ctx.env, req), expires: expiresAt }) },
    },
  );
}

/** Ends the cookie's session (if any) and clears the cookie; harmless when signed out. */
export async function signOut(ctx: ConsoleContext, req: Request): Promise<Response> {
  const secure = isHttps(ctx.env, req);
  const secret = sessionSecretFrom(req.headers.get('cookie'), secure);
  if (secret) {
    await endSession(ctx.db, secret);
    // Whose session it was is not looked up: every instance re-checks its open streams.
    ctx.hub.fanout.publishCredentials(null);
  }
  return Response.json({ ok: true }, { headers: { 'set-cookie': sessionCookie(null, { secure }) } });
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

/** A new password ends the account's sessions, except the caller's own when they changed their own. */
export async function changeAccount(
  ctx: ConsoleContext,
  me: Principal,
  id: string,
  patch: { name?: string; role?: Role; password?: string; disabled?: boolean },
  req?: Request,
): Promise<{ user: UserView }> {
  const own = me.via === 'session' && me.userId === id && req;
  const keepSession = own ? sessionSecretFrom(req.headers.get('cookie'), isHttps(ctx.env, req)) : null;
  const user = await updateUser(ctx.db, id, patch, { keepSession });
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

export async function addToken(ctx: ConsoleContext, me: Principal, body: CreateTokenBody): Promise<Response> {
  const days = body.expires_in_days ?? null;
  const expiresAt = days === null ? null : new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  const made = await createToken(ctx.db, { userId: me.userId, name: body.name, expiresAt });
  await writeAudit(ctx.db, {
    ...auditActor(me),
    action: 'token.create',
    target: made.token.id,
    detail: { name: body.name, expires_at: made.token.expires_at },
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
