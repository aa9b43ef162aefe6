import { z } from 'zod';

/** Who may do what, weakest first: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'agent', 'lead'] as const;
export type Role = (typeof ROLES)[number];

const email = z
  .string({ error: 'Enter an email address' })
  .trim()
  .min(1, { error: 'Enter an email address' })
  .max(254, { error: 'Email is too long' })
  .pipe(z.email({ error: 'Enter a valid email address' }));
const name = z
  .string({ error: 'Enter a name' })
  .trim()
  .min(1, { error: 'Enter a name' })
  .max(100, { error: 'Name is at most 100 characters' });
const role = z.enum(ROLES, { error: 'Role must be viewer, agent or lead' });
const password = z
  .string({ error: 'Enter a password' })
  .min(10, { error: 'Password must be at least 10 characters' })
  .max(200, { error: 'Password is at most 200 characters' });

/** `POST /api/auth/sign-in` */
export const signInBodySchema = z.object({
  email: z.string({ error: 'Enter your email' }).trim().min(1, { error: 'Enter your email' }).max(254),
  password: z.string({ error: 'Enter your password' }).min(1, { error: 'Enter your password' }).max(200),
});

/** `POST /api/users` */
export const createUserBodySchema = z.object({ name, email, role, password });

/** `PATCH /api/users/:id` */
export const updateUserBodySchema = z.object({
  name: name.optional(),
  role: role.optional(),
  password: password.optional(),
  disabled: z.boolean({ error: 'disabled must be true or false' }).optional(),
});

/** Longest lifetime a token can be given at creation; no expiry stays a choice. */
export const TOKEN_MAX_DAYS = 365;

/** `POST /api/tokens` */
export const createTokenBodySchema = z.object({
  name: z
    .string({ error: 'Name the token' })
    .trim()
    .min(1, { error: 'Name the token' })
    .max(100, { error: 'Token name is at most 100 characters' }),
  /** Days until it stops working; absent or null: until revoked. */
  expires_in_days: z
    .int({ error: 'expires_in_days must be a whole number of days' })
    .min(1, { error: 'A token lasts at least 1 day' })
    .max(TOKEN_MAX_DAYS, { error: `A token lasts at most ${TOKEN_MAX_DAYS} days` })
    .nullish(),
});
export type CreateTokenBody = z.infer<typeof createTokenBodySchema>;

export interface AuthUser {
  id: string | null;
  name: string;
  email: string | null;
  role: Role;
}

/** An account as the API shows it (never the hash). */
export interface UserView {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface ApiTokenView {
  id: string;
  name: string;
  /** The first characters of the secret, enough to recognise it (`fcon_ab12…`). */
  prefix: string;
  user_id: string | null;
  user_name: string | null;
  /** Who made it (and whom it acts as): the account's name, or "operations token". */
  created_by: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** When it stops working; null: until revoked. */
  expires_at: string | null;
  /** Past `expires_at` when it was read: refused as a Bearer. */
  expired: boolean;
}
