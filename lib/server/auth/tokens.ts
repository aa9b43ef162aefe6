import type { ApiTokenView } from '@/lib/console/auth';
import type { Queryable } from '../db/types';
import { ConsoleError } from '../errors';
import type { Principal, Role } from './roles';
import { newId, randomSecret, sha256Hex } from './secrets';

export const TOKEN_PREFIX = 'fcon_';
/** How much of a secret is kept to recognise it by ("fcon_" and 7 characters). */
const SHOWN = TOKEN_PREFIX.length + 7;
/** `last_used_at` is written at most this often per token. */
const USE_RECORDED_EVERY_MS = 60 * 1000;

export type TokenView = ApiTokenView;

/** Who made a token without an account of its own: it acts as a lead, so it says so. */
export const OPERATIONS_TOKEN = 'operations token';

interface TokenJoin {
  id: string;
  name: string;
  prefix: string;
  user_id: string | null;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
  expires_at: Date | string | null;
  user_name: string | null;
  user_email: string | null;
  user_role: Role | null;
  user_disabled: boolean | null;
}

const SELECT = `SELECT t.id, t.name, t.prefix, t.user_id, t.created_at, t.last_used_at, t.revoked_at, t.expires_at,
  u.name AS user_name, u.email AS user_email, u.role AS user_role, u.disabled AS user_disabled
  FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id`;

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** A token acts as its owner, with the owner's current role; one made by the operations token is a lead. */
const toView = (r: TokenJoin): TokenView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  user_id: r.user_id,
  user_name: r.user_name,
  created_by: r.user_name ?? OPERATIONS_TOKEN,
  role: r.user_role ?? 'lead',
  created_at: iso(r.created_at)!,
  last_used_at: iso(r.last_used_at),
  revoked_at: iso(r.revoked_at),
  expires_at: iso(r.expires_at),
  expired: isExpired(r, Date.now()),
});

const isExpired = (r: Pick<TokenJoin, 'expires_at'>, now: number) =>
  r.expires_at !== null && new Date(r.expires_at).getTime() <= now;

/** Makes a token for `userId` (null: the operations token's), valid until revoked or `expiresAt`; the secret is returned once, stored hashed. */
export async function createToken(
  db: Queryable,
  input: { userId: string | null; name: string; expiresAt?: Date | null },
): Promise<{ token: TokenView; secret: string }> {
  const secret = `${TOKEN_PREFIX}${randomSecret()}`;
  const id = newId('tok');
  await db.query(
    'INSERT INTO api_tokens (id, user_id, name, prefix, secret_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, input.userId, input.name.trim(), secret.slice(0, SHOWN), sha256Hex(secret), input.expiresAt ?? null],
  );
  return { token: (await getToken(db, id))!, secret };
}

export async function getToken(db: Queryable, id: string): Promise<TokenView | null> {
  const row = (await db.query<TokenJoin>(`${SELECT} WHERE t.id = $1`, [id]))[0];
  return row ? toView(row) : null;
}

/** Everyone's tokens (a lead), or one account's. Newest first. */
export async function listTokens(db: Queryable, ownerId?: string | null): Promise<TokenView[]> {
  const rows =
    ownerId === undefined
      ? await db.query<TokenJoin>(`${SELECT} ORDER BY t.created_at DESC, t.id`)
      : await db.query<TokenJoin>(
          `${SELECT} WHERE t.user_id IS NOT DISTINCT FROM $1 ORDER BY t.created_at DESC, t.id`,
          [ownerId],
        );
  return rows.map(toView);
}

/** Revokes a token; a lead may revoke any, anyone else only their own. Revoking twice is harmless. */
export async function revokeToken(db: Queryable, id: string, me: Principal): Promise<TokenView> {
  const token = await getToken(db, id);
  if (!token || (me.role !== 'lead' && token.user_id !== me.userId)) {
    throw new ConsoleError('not_found', 'No such token');
  }
  await db.query('UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1', [id]);
  return (await getToken(db, id))!;
}

export async function revokeUserTokens(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [
    userId,
  ]);
}

/** The principal an API token stands for, or null (unknown, revoked, expired, owner disabled). */
export async function tokenPrincipal(
  db: Queryable,
  secret: string,
  now = Date.now(),
  touch = true,
): Promise<Principal | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = (await db.query<TokenJoin>(`${SELECT} WHERE t.secret_hash = $1`, [sha256Hex(secret)]))[0];
  if (!row || row.revoked_at !== null || row.user_disabled) return null;
  if (isExpired(row, now)) return null;
  if (
    touch &&
    (row.last_used_at === null || now - new Date(row.last_used_at).getTime() >= USE_RECORDED_EVERY_MS)
  ) {
    await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [row.id, new Date(now)]);
  }
  return row.user_id
    ? { via: 'token', userId: row.user_id, name: row.user_name!, email: row.user_email, role: row.user_role! }
    : // Named for what made it: a free token name must not pass for a teammate in the audit log.
      { via: 'token', userId: null, name: `${OPERATIONS_TOKEN} (${row.name})`, email: null, role: 'lead' };
}
