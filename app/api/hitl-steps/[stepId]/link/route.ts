import { hitlLinkBodySchema } from '@/lib/console/types';
import { linkView, setStepLink } from '@/lib/server/hitl-link';
import { readJson, route } from '@/lib/server/http';

/** The step's link (by Intercom id, inferred or manual) and the runs it could belong to, best first. */
export const GET = route<{ stepId: string }>('viewer', (_req, ctx, { stepId }) => linkView(ctx, stepId));

/** A lead links the step to a conversation (`{ conversation_id }`) or marks it not linked (`null`); audited. */
export const PUT = route<{ stepId: string }>('lead', async (req, ctx, { stepId }, me) =>
  setStepLink(ctx, stepId, (await readJson(req, hitlLinkBodySchema)).conversation_id, me),
);
