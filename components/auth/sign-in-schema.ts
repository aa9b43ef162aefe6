import { z } from 'zod';

/** What the sign-in form checks before asking the server (the server checks the rest). */
export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, { error: 'Enter your email address' })
    .max(320, { error: 'That email address is too long' })
    .pipe(z.email({ error: 'Enter an email address like name@example.com' })),
  password: z
    .string()
    .min(1, { error: 'Enter your password' })
    .max(1000, { error: 'That password is too long' }),
});

export type SignInValues = z.input<typeof signInSchema>;
export type SignInParsed = z.output<typeof signInSchema>;
