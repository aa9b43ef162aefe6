import { createUserBodySchema } from '@/lib/console/auth';
import { accounts, addAccount } from '@/lib/server/auth/service';
import { readJson, route } from '@/lib/server/http';

/** Every account (never a password hash). */
export const GET = route('lead', (_req, ctx) => accounts(ctx));

/** A new account; 409 if the email is taken. */
export const POST = route('lead', async (req, ctx, _p, me) =>
  addAccount(ctx, me, await readJson(req, createUserBodySchema)),
);
