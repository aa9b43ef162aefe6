import type { Queryable } from '../db/types';
import { ConsoleError, fieldError } from '../errors';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import type { Principal, Role } from './roles';
import { newId } from './secrets';
import { endUserSessions } from './sessions';
import { revokeUserTokens } from './tokens';
import type { UserView } from '@/lib/console/auth';

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  password_hash: string;
  disabled: boolean;
  created_at: Date | string;
  last_sign_in_at: Date | string | null;
}

export type { UserView };

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export const toUserView = (r: UserRow): UserView => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  disabled: r.disabled,
  created_at: iso(r.created_at)!,
  last_sign_in_at: iso(r.last_sign_in_at),
});

export const principalOf = (
  u: Pick<UserRow, 'id' | 'name' | 'email' | 'role'>,
  via: Principal['via'],
): Principal => ({
  via,
  userId: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
});

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function listUsers(db: Queryable): Promise<UserView[]> {
  const rows = await db.query<UserRow>('SELECT * FROM users ORDER BY lower(name), email');
  return rows.map(toUserView);
}

export async function getUser(db: Queryable, id: string): Promise<UserRow | null> {
  return (await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]))[0] ?? null;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  return (
    (await db.query<UserRow>('SELECT * FROM users WHERE email = $1', [normaliseEmail(email)]))[0] ?? null
  );
}

const emailTaken = () => fieldError('conflict', 'An account with this email already exists', 'email');

export async function createUser(
  db: Queryable,
  input: { name: string; email: string; role: Role; password: string },
): Promise<UserView> {
  const email = normaliseEmail(input.email);
  if (await findUserByEmail(db, email)) throw emailTaken();
  const hash = await hashPassword(input.password);
  const rows = await db.query<UserRow>(
    `INSERT INTO users (id, name, email, role, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (email) DO NOTHING RETURNING *`,
    [newId('usr'), input.name.trim(), email, input.role, hash],
  );
  if (!rows[0]) throw emailTaken();
  return toUserView(rows[0]);
}

export const LAST_LEAD = 'There must be at least one active lead';

/** Changes an account, never demoting or disabling the last active lead (leads locked first); disabling revokes tokens, and it or a new password ends sessions bar `keepSession`. */
export async function updateUser(
  db: Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  id: string,
  patch: { name?: string; role?: Role; password?: string; disabled?: boolean },
  opts: { keepSession?: string | null } = {},
): Promise<UserView> {
  const hash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  return db.transaction(async (tx) => {
    const leads = await tx.query<{ id: string }>(
      "SELECT id FROM users WHERE role = 'lead' AND NOT disabled ORDER BY id FOR UPDATE",
    );
    const current = await getUser(tx, id);
    if (!current) throw new ConsoleError('not_found', 'No such account');
    const wasActiveLead = current.role === 'lead' && !current.disabled;
    const staysActiveLead = (patch.role ?? current.role) === 'lead' && !(patch.disabled ?? current.disabled);
    if (wasActiveLead && !staysActiveLead && leads.every((l) => l.id === id)) {
      throw new ConsoleError('conflict', LAST_LEAD);
    }
    const rows = await tx.query<UserRow>(
      `UPDATE users SET name = COALESCE($2, name), role = COALESCE($3, role),
         password_hash = COALESCE($4, password_hash), disabled = COALESCE($5, disabled)
       WHERE id = $1 RETURNING *`,
      [id, patch.name?.trim() ?? null, patch.role ?? null, hash ?? null, patch.disabled ?? null],
    );
    if (patch.disabled === true && !current.disabled) {
      await endUserSessions(tx, id);
      await revokeUserTokens(tx, id);
    } else if (patch.password !== undefined) {
      await endUserSessions(tx, id, opts.keepSession);
    }
    return toUserView(rows[0]!);
  });
}

/** Checks an email and password; an unknown email costs a hash too, so timing doesn't reveal accounts. Disabled accounts can't sign in. */
export async function checkCredentials(
  db: Queryable,
  email: string,
  password: string,
): Promise<UserRow | null> {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
  if (!user || !ok || user.disabled) return null;
  await db.query('UPDATE users SET last_sign_in_at = now() WHERE id = $1', [user.id]);
  return user;
}
