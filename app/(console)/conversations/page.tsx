import { Suspense } from 'react';
import { PageHeader, Skeleton } from '@/components/ui/card';
import { ConversationsPage } from '@/components/conversation/conversations-page';

export const metadata = { title: 'Conversations' };

export default function Page() {
  return (
    <>
      <PageHeader
        title="Conversations"
        description="Every conversation the console has started or heard about, live."
      />
      <Suspense fallback={<Skeleton className="h-64" />}>
        <ConversationsPage />
      </Suspense>
    </>
  );
}
