import { getStep } from '@/lib/server/hitl';
import { route } from '@/lib/server/http';

export const GET = route<{ stepId: string }>('viewer', (_req, ctx, { stepId }) => getStep(ctx, stepId));
