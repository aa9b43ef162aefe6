'use client';

import { SkeletonList } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';

function CallsSkeleton() {
  return <SkeletonList label="Loading API calls" rows={2} rowClassName="h-12" />;
}

// The list (request and response tabs, curl, code blocks) is a chunk of its own, fetched as soon as
// the page's code runs; until it is there its placeholder is the one it shows while the calls load.
export const CallsList = preloaded(
  () => import('./calls-list-content').then((m) => m.CallsList),
  CallsSkeleton,
);
