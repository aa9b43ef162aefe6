'use client';

import { Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';

/** The graph libraries (xyflow, elk) load only where a flow is drawn. */
export const FlowGraphLoader = preloaded(
  () => import('./flow-graph').then((m) => m.FlowGraph),
  () => <Skeleton className="h-[32rem] w-full" />,
);
