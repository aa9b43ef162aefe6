import { createShareLinkBodySchema } from '@/lib/console/share-links';
import { readJson, route } from '@/lib/server/http';
import { createShareLink } from '@/lib/server/share-links';

/** A read-only, expiring link to this conversation's replay; the URL is in this answer only. */
export const POST = route<{ id: string }>('lead', async (req, ctx, { id }, me) =>
  Response.json(
    await createShareLink(
      ctx,
      me,
      id,
      await readJson(req, createShareLinkBodySchema),
      new URL(req.url).origin,
    ),
    { status: 201 },
  ),
);
