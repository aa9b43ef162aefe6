import { Inbox } from '@/components/hitl/inbox';

export const metadata = { title: 'HITL inbox' };

export default function InboxPage() {
  return <Inbox />;
}
