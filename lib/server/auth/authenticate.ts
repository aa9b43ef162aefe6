import type { ConsoleContext } from '../context';
import type { Principal } from './roles';
import { safeEqual } from './secrets';
import { sessionPrincipal, sessionSecretFrom } from './sessions';
import { tokenPrincipal } from './tokens';

export const ADMIN_PRINCIPAL: Principal = Object.freeze({
  via: 'admin-token',
  userId: null,
  name: 'operations token',
  email: null,
  role: 'lead',
});

export interface Authenticated {
  principal: Principal;
  /** A session whose expiry was pushed back: renew the cookie with the answer. */
  renewed?: { secret: string; expires: Date };
}

/**
 * Who a request comes from: `Authorization: Bearer <API token | CONSOLE_ADMIN_TOKEN>`, else the
 * session cookie. A Bearer that matches nothing is refused even if a cookie is present.
 * `touch: false` only looks: an open stream re-checking its credential must not keep a session
 * alive or record a use.
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
  const secret = sessionSecretFrom(headers.get('cookie'));
  if (!secret) return null;
  const session = await sessionPrincipal(ctx.db, secret, Date.now(), touch);
  if (!session) return null;
  return {
    principal: session.principal,
    ...(session.renewed ? { renewed: { secret, expires: session.renewed } } : {}),
  };
}
