import { sessionCookieName } from '@/lib/console/session-cookie';
import type { Queryable } from '../db/types';
import type { Env } from '../env';
import type { Principal, Role } from './roles';
import { randomSecret, sha256Hex } from './secrets';

export { SESSION_COOKIE } from '@/lib/console/session-cookie';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** However often it is used, a session ends this long after sign-in (CONSOLE_SESSION_MAX_DAYS). */
export const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Use is recorded (and the expiry pushed back) at most this often. */
const TOUCH_EVERY_MS = 60 * 1000;

interface SessionJoin {
  id: string;
  user_id: string;
  created_at: Date | string;
  expires_at: Date | string;
  last_seen_at: Date | string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
}

/** Starts a session; the secret goes in the cookie, only its hash is stored. */
export async function createSession(
  db: Queryable,
  userId: string,
  now = Date.now(),
): Promise<{ secret: string; expiresAt: Date }> {
  const secret = randomSecret();
  const expiresAt = new Date(now + SESSION_TTL_MS);
  await db.query(
    'INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)',
    [sha256Hex(secret), userId, new Date(now), expiresAt],
  );
  return { secret, expiresAt };
}

/** The principal a cookie's secret stands for, or null; a use after a minute slides the expiry (capped at `maxAgeMs`) and sets `renewed`. */
export async function sessionPrincipal(
  db: Queryable,
  secret: string,
  now = Date.now(),
  maxAgeMs = SESSION_MAX_AGE_MS,
  touch = true,
): Promise<{ principal: Principal; renewed: Date | null } | null> {
  const id = sha256Hex(secret);
  const row = (
    await db.query<SessionJoin>(
      `SELECT s.id, s.user_id, s.created_at, s.expires_at, s.last_seen_at, u.name, u.email, u.role, u.disabled
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
      [id],
    )
  )[0];
  if (!row) return null;
  const endOfLife = new Date(row.created_at).getTime() + maxAgeMs;
  if (new Date(row.expires_at).getTime() <= now || endOfLife <= now || row.disabled) {
    await db.query('DELETE FROM sessions WHERE id = $1', [id]);
    return null;
  }
  let renewed: Date | null = null;
  if (touch && now - new Date(row.last_seen_at).getTime() >= TOUCH_EVERY_MS) {
    renewed = new Date(Math.min(now + SESSION_TTL_MS, endOfLife));
    await db.query('UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
      id,
      new Date(now),
      renewed,
    ]);
  }
  return {
    principal: { via: 'session', userId: row.user_id, name: row.name, email: row.email, role: row.role },
    renewed,
  };
}

export async function endSession(db: Queryable, secret: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [sha256Hex(secret)]);
}

/** Ends every session of an account, except the one whose cookie holds `keepSecret`. */
export async function endUserSessions(
  db: Queryable,
  userId: string,
  keepSecret?: string | null,
): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2', [
    userId,
    keepSecret ? sha256Hex(keepSecret) : null,
  ]);
}

/** Deletes sessions that expired, or outlived `maxAgeMs`, with nobody coming back for them. */
export async function sweepSessions(
  db: Queryable,
  now = Date.now(),
  maxAgeMs = SESSION_MAX_AGE_MS,
): Promise<number> {
  const rows = await db.query<{ id: string }>(
    'DELETE FROM sessions WHERE expires_at <= $1 OR created_at <= $2 RETURNING id',
    [new Date(now), new Date(now - maxAgeMs)],
  );
  return rows.length;
}

/** The Set-Cookie value for a session (or, with `secret` null, one clearing it); Secure and `__Host-` on https. */
export function sessionCookie(secret: string | null, opts: { secure: boolean; expires?: Date }): string {
  const parts = [
    `${sessionCookieName(opts.secure)}=${secret ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    secret && opts.expires
      ? `Max-Age=${Math.max(0, Math.floor((opts.expires.getTime() - Date.now()) / 1000))}`
      : 'Max-Age=0',
  ];
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The session secret from a Cookie header. On https only `__Host-` counts: a plain one could be planted by a sibling subdomain. */
export function sessionSecretFrom(cookieHeader: string | null, secure = false): string | null {
  if (!cookieHeader) return null;
  const name = sessionCookieName(secure);
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value || null;
    }
  }
  return null;
}

/** Whether browsers reach the console over https (CONSOLE_ORIGIN, or this request, directly or per X-Forwarded-Proto). */
export function isHttps(env: Pick<Env, 'consoleOrigin'>, req: Request | Headers): boolean {
  if (env.consoleOrigin?.startsWith('https:')) return true;
  const headers = req instanceof Headers ? req : req.headers;
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (proto) return proto === 'https';
  return !(req instanceof Headers) && new URL(req.url).protocol === 'https:';
}
