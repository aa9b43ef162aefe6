import { updateUserBodySchema } from '@/lib/console/auth';
import { changeAccount } from '@/lib/server/auth/service';
import { readJson, route } from '@/lib/server/http';

/** Renames, changes the role or password, disables or re-enables an account (never the last active lead). */
export const PATCH = route<{ id: string }>('lead', async (req, ctx, { id }, me) =>
  changeAccount(ctx, me, id, await readJson(req, updateUserBodySchema), req),
);
