import type { Env } from '../env';
import type { Queryable } from '../db/types';
import { hashPassword } from './passwords';
import type { Role } from './roles';
import { newId } from './secrets';
import { endUserSessions } from './sessions';
import { revokeUserTokens } from './tokens';

/** Well-known accounts with published passwords: they exist only in demo mode. */
export const DEMO_ACCOUNTS: readonly { name: string; email: string; password: string; role: Role }[] = [
  { name: 'Dana Lead', email: 'lead@demo.test', password: 'demo-lead', role: 'lead' },
  { name: 'Alex Agent', email: 'agent@demo.test', password: 'demo-agent', role: 'agent' },
  { name: 'Val Viewer', email: 'viewer@demo.test', password: 'demo-viewer', role: 'viewer' },
];

/** Demo mode is asked for explicitly (CONSOLE_DEMO_ACCOUNTS=1); the Fin API target never implies it. */
export function demoAccountsEnabled(env: Pick<Env, 'demoAccounts'>): boolean {
  return env.demoAccounts;
}

const DEMO_EMAILS = DEMO_ACCOUNTS.map((a) => a.email);

/** Adds missing demo accounts and re-enables disabled ones; existing ones are otherwise left alone. */
export async function seedDemoAccounts(db: Queryable): Promise<void> {
  await db.query('UPDATE users SET disabled = false WHERE email = ANY($1::text[]) AND disabled', [
    DEMO_EMAILS,
  ]);
  const present = new Set(
    (
      await db.query<{ email: string }>('SELECT email FROM users WHERE email = ANY($1::text[])', [
        DEMO_EMAILS,
      ])
    ).map((r) => r.email),
  );
  for (const account of DEMO_ACCOUNTS) {
    if (present.has(account.email)) continue;
    await db.query(
      `INSERT INTO users (id, name, email, role, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO NOTHING`,
      [newId('usr'), account.name, account.email, account.role, await hashPassword(account.password)],
    );
  }
}

/** Outside demo mode, disables leftover demo accounts (sessions ended, tokens revoked); returns how many were active. */
export async function disableDemoAccounts(db: Queryable): Promise<number> {
  const ids = (
    await db.query<{ id: string }>('SELECT id FROM users WHERE email = ANY($1::text[])', [DEMO_EMAILS])
  ).map((r) => r.id);
  if (!ids.length) return 0;
  const disabled = await db.query<{ id: string }>(
    'UPDATE users SET disabled = true WHERE id = ANY($1::text[]) AND NOT disabled RETURNING id',
    [ids],
  );
  for (const id of ids) {
    await endUserSessions(db, id);
    await revokeUserTokens(db, id);
  }
  return disabled.length;
}
