import { saveScenarioBodySchema } from '@/lib/console/scenarios';
import { readJson, route } from '@/lib/server/http';
import { saveConversation } from '@/lib/server/scenarios';

/** "Save as scenario": the finished conversation's inputs and milestones, into a suite (or a new one). */
export const POST = route<{ id: string }>('lead', async (req, ctx, { id }, me) =>
  Response.json(await saveConversation(ctx, id, await readJson(req, saveScenarioBodySchema), me), {
    status: 201,
  }),
);
