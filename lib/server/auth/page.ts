import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { signInPathFor } from '@/components/auth/next-path';
import { getConsole } from '../context';
import { roleAtLeast, type Principal, type Role } from './roles';
import { isHttps, sessionPrincipal, sessionSecretFrom } from './sessions';

/** The request header `proxy.ts` puts the page's path (and query) in, for `?next=`. */
export const PATH_HEADER = 'x-console-path';

/** The signed-in user of a page request (session cookie only), or null. */
export async function getPageUser(): Promise<Principal | null> {
  const ctx = await getConsole();
  const request = await headers();
  const secret = sessionSecretFrom(request.get('cookie'), isHttps(ctx.env, request));
  if (!secret) return null;
  return (await sessionPrincipal(ctx.db, secret, Date.now(), ctx.env.sessionMaxAgeMs))?.principal ?? null;
}

export async function signInPath(): Promise<string> {
  return signInPathFor((await headers()).get(PATH_HEADER));
}

/** For layouts and pages: the user if they have at least `role`; signed out → sign-in (with `?next=`), lacking the role → home. */
export async function requirePageRole(role: Role): Promise<Principal> {
  const me = await getPageUser();
  if (!me) redirect(await signInPath());
  if (!roleAtLeast(me.role, role)) redirect('/');
  return me;
}
