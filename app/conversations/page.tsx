import { MessagesSquare } from 'lucide-react';
import { EmptyState, PageHeader } from '@/components/ui/card';

export const metadata = { title: 'Conversations' };

export default function ConversationsPage() {
  return (
    <>
      <PageHeader title="Conversations" description="Every conversation the console has started or heard about." />
      <EmptyState icon={<MessagesSquare className="size-8" aria-hidden="true" />} title="No conversations yet">
        Run a procedure or ask Fin a question from the catalogue; it will show here, live.
      </EmptyState>
    </>
  );
}
