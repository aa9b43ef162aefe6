import { claimStep, releaseStep } from '@/lib/server/hitl';
import { route } from '@/lib/server/http';

/** Claims the step for 5 minutes as the signed-in teammate (shown to every teammate). Any body is ignored. */
export const POST = route<{ stepId: string }>('agent', (_req, ctx, { stepId }, me) => claimStep(ctx, stepId, me));

/** Releases the caller's claim. */
export const DELETE = route<{ stepId: string }>('agent', (_req, ctx, { stepId }, me) =>
  releaseStep(ctx, stepId, me),
);
