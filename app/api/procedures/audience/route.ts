import { audienceRequestSchema } from '@/lib/procedures/api';
import { readJson, route } from '@/lib/server/http';
import { procedureAudience } from '@/lib/server/procedures';

export const POST = route('viewer', async (req, ctx) =>
  procedureAudience(ctx, await readJson(req, audienceRequestSchema)),
);
