import type { Metadata } from 'next';
import { safeDecode } from '@/lib/utils';
import { PresenterView } from '@/components/replay/presenter-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Replay of ${safeDecode(id)}` };
}

export default async function ReplayPage({ params }: Props) {
  const { id } = await params;
  const conversationId = safeDecode(id);
  return <PresenterView key={conversationId} id={conversationId} />;
}
