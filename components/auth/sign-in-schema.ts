import * as z from 'zod/mini';

/** What the sign-in form checks before asking the server (the server checks the rest). */
export const signInSchema = z.object({
  email: z.pipe(
    z
      .string()
      .check(
        z.trim(),
        z.minLength(1, { error: 'Enter your email address' }),
        z.maxLength(320, { error: 'That email address is too long' }),
      ),
    z.email({ error: 'Enter an email address like name@example.com' }),
  ),
  password: z
    .string()
    .check(
      z.minLength(1, { error: 'Enter your password' }),
      z.maxLength(1000, { error: 'That password is too long' }),
    ),
});

export type SignInValues = z.input<typeof signInSchema>;
export type SignInParsed = z.output<typeof signInSchema>;
