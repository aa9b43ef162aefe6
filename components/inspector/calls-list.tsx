'use client';

import { SkeletonList } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';

function CallsSkeleton() {
  return <SkeletonList label="Loading API calls" rows={2} rowClassName="h-12" />;
}

export const CallsList = preloaded(
  () => import('./calls-list-content').then((m) => m.CallsList),
  CallsSkeleton,
);
