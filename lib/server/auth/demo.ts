import type { Env } from '../env';
import type { Queryable } from '../db/types';
import { hashPassword } from './passwords';
import type { Role } from './roles';
import { newId } from './secrets';

/** Well-known accounts for the simulator and demos; never seeded against a real workspace unless asked. */
export const DEMO_ACCOUNTS: readonly { name: string; email: string; password: string; role: Role }[] = [
  { name: 'Dana Lead', email: 'lead@demo.test', password: 'demo-lead', role: 'lead' },
  { name: 'Alex Agent', email: 'agent@demo.test', password: 'demo-agent', role: 'agent' },
  { name: 'Val Viewer', email: 'viewer@demo.test', password: 'demo-viewer', role: 'viewer' },
];

/** CONSOLE_DEMO_ACCOUNTS decides when set; otherwise demo accounts exist only against the simulator. */
export function demoAccountsEnabled(env: Pick<Env, 'demoAccounts' | 'finApiTarget'>): boolean {
  return env.demoAccounts ?? env.finApiTarget === 'simulator';
}

/** Adds the demo accounts that are missing; existing ones (even if changed since) are left alone. */
export async function seedDemoAccounts(db: Queryable): Promise<void> {
  const present = new Set(
    (
      await db.query<{ email: string }>('SELECT email FROM users WHERE email = ANY($1::text[])', [
        DEMO_ACCOUNTS.map((a) => a.email),
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
