import { Suspense } from 'react';
import { PageHeader, Skeleton } from '@/components/ui/card';
import { InsightsPage } from '@/components/insights/insights-page';

export const metadata = { title: 'Insights' };

export default function Page() {
  return (
    <>
      <PageHeader
        title="Insights"
        description="How procedure runs went: volume, outcomes, HITL waiting and answer times, busiest hours and CSAT. Times are UTC."
      />
      <Suspense fallback={<Skeleton className="h-64" />}>
        <InsightsPage />
      </Suspense>
    </>
  );
}
