import type { Metadata } from 'next';
import { safeDecode } from '@/lib/utils';
import { ConversationView } from '@/components/conversation/conversation-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Conversation ${safeDecode(id)}` };
}

export default async function ConversationPage({ params }: Props) {
  const { id } = await params;
  const conversationId = safeDecode(id);
  return <ConversationView key={conversationId} id={conversationId} />;
}
