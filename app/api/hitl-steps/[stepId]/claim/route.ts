import { hitlClaimBodySchema } from '@/lib/console/types';
import { claimStep, releaseStep } from '@/lib/server/hitl';
import { readOptionalJson, route, teammateOf } from '@/lib/server/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const body = hitlClaimBodySchema.partial();

/** Claims the step for 5 minutes (shown to every teammate). */
export const POST = route<{ stepId: string }>(async (req, ctx, { stepId }) =>
  claimStep(ctx, stepId, teammateOf(req, (await readOptionalJson(req, body)).teammate)),
);

/** Releases the caller's claim. */
export const DELETE = route<{ stepId: string }>(async (req, ctx, { stepId }) =>
  releaseStep(ctx, stepId, teammateOf(req, (await readOptionalJson(req, body)).teammate)),
);
