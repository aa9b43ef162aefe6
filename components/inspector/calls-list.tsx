'use client';

import { Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';

function CallsSkeleton() {
  return (
    <div role="status" className="space-y-2" aria-busy="true" aria-label="Loading API calls">
      <Skeleton className="h-12" />
      <Skeleton className="h-12" />
    </div>
  );
}

// The list (request and response tabs, curl, code blocks) is a chunk of its own, fetched as soon as
// the page's code runs; until it is there its placeholder is the one it shows while the calls load.
export const CallsList = preloaded(
  () => import('./calls-list-content').then((m) => m.CallsList),
  CallsSkeleton,
);
