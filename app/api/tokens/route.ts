import { createTokenBodySchema } from '@/lib/console/auth';
import { addToken, tokens } from '@/lib/server/auth/service';
import { readJson, route } from '@/lib/server/http';

/** The caller's API tokens; a lead sees everyone's. */
export const GET = route('viewer', (_req, ctx, _p, me) => tokens(ctx, me));

/** A new token acting as the caller; the secret is in this answer only. */
export const POST = route('lead', async (req, ctx, _p, me) =>
  addToken(ctx, me, await readJson(req, createTokenBodySchema)),
);
