import type { ConsoleContext } from '../context';
import type { Principal } from './roles';
import { safeEqual } from './secrets';
import { isHttps, sessionPrincipal, sessionSecretFrom } from './sessions';
import { OPERATIONS_TOKEN, tokenPrincipal } from './tokens';

export const ADMIN_PRINCIPAL: Principal = Object.freeze({
  via: 'admin-token',
  userId: null,
  name: OPERATIONS_TOKEN,
  email: null,
  role: 'lead',
});

export interface Authenticated {
  principal: Principal;
  /** A session whose expiry was pushed back: renew the cookie with the answer. */
  renewed?: { secret: string; expires: Date };
}

/**
 * Who a request comes from: a Bearer (API or operations token; an unmatched one is refused), else the session cookie.
 * `touch: false` only looks: a stream re-checking its credential must not keep a session alive.
 */
export async function authenticate(
  ctx: Pick<ConsoleContext, 'db' | 'env'>,
  headers: Headers,
  { touch = true }: { touch?: boolean } = {},
): Promise<Authenticated | null> {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return null;
    const bearer = match[1]!;
    if (ctx.env.adminToken && safeEqual(bearer, ctx.env.adminToken)) return { principal: ADMIN_PRINCIPAL };
    const principal = await tokenPrincipal(ctx.db, bearer, Date.now(), touch);
    return principal ? { principal } : null;
  }
  const secret = sessionSecretFrom(headers.get('cookie'), isHttps(ctx.env, headers));
  if (!secret) return null;
  const session = await sessionPrincipal(ctx.db, secret, Date.now(), ctx.env.sessionMaxAgeMs, touch);
  if (!session) return null;
  return {
    principal: session.principal,
    ...(session.renewed ? { renewed: { secret, expires: session.renewed } } : {}),
  };
}
