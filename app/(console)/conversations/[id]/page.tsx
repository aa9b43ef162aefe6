import type { Metadata } from 'next';
import { ConversationView } from '@/components/conversation/conversation-view';

type Props = { params: Promise<{ id: string }> };

function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Conversation ${safeDecode(id)}` };
}

export default async function ConversationPage({ params }: Props) {
  const { id } = await params;
  const conversationId = safeDecode(id);
  return <ConversationView key={conversationId} id={conversationId} />;
}
