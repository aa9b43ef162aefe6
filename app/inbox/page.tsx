import { Inbox } from 'lucide-react';
import { EmptyState, PageHeader } from '@/components/ui/card';

export const metadata = { title: 'HITL inbox' };

export default function InboxPage() {
  return (
    <>
      <PageHeader title="HITL inbox" description="Procedure steps waiting for a teammate." />
      <EmptyState icon={<Inbox className="size-8" aria-hidden="true" />} title="Nothing waiting">
        When a procedure pauses for a human, its step appears here.
      </EmptyState>
    </>
  );
}
