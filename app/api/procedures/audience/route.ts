import { audienceRequestSchema } from '@/lib/procedures/api';
import { readJson, route } from '@/lib/server/http';
import { procedureAudience } from '@/lib/server/procedures';

/** "Who sees it": each procedure with `listed` and, if not, the reasons in words. */
export const POST = route('viewer', async (req, ctx) =>
  procedureAudience(ctx, await readJson(req, audienceRequestSchema)),
);
