import { hitlSubmitBodySchema } from '@/lib/console/types';
import { submitStep } from '@/lib/server/hitl';
import { readJson, route } from '@/lib/server/http';

/** Answers the step as the signed-in teammate: validated, taken atomically, delivered to Fin's callback once. */
export const POST = route<{ stepId: string }>('agent', async (req, ctx, { stepId }, me) =>
  submitStep(ctx, stepId, await readJson(req, hitlSubmitBodySchema), me),
);
