import * as z from 'zod/mini';
import { ROLES } from '@/lib/client/roles';

/** How long a new token lasts, in days; `never` keeps it until revoked. */
export const TOKEN_LIFETIMES = ['30', '90', '365', 'never'] as const;

const nameField = (missing: string, max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: missing }),
      z.maxLength(max, { error: `Keep the name under ${max} characters` }),
    );

/** A new API token: what uses it, and for how long. */
export const newTokenSchema = z.object({
  name: nameField('Name the token after what uses it', 100),
  expires: z.enum(TOKEN_LIFETIMES, { error: 'Choose how long it lasts' }),
});

/** A new account (leads only). */
export const newAccountSchema = z.object({
  name: nameField('Enter their name', 200),
  email: z.pipe(
    z.string().check(z.trim()),
    z.email({ error: 'Enter an email address like name@example.com' }),
  ),
  role: z.enum(ROLES, { error: 'Choose a role' }),
  password: z
    .string()
    .check(
      z.minLength(10, { error: 'Use at least 10 characters' }),
      z.maxLength(200, { error: 'Keep it under 200 characters' }),
    ),
});
