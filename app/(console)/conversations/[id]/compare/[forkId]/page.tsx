import type { Metadata } from 'next';
import { safeDecode } from '@/lib/utils';
import { CompareView } from '@/components/conversation/compare-view';

type Props = { params: Promise<{ id: string; forkId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `What if: ${safeDecode(id)}` };
}

export default async function ComparePage({ params }: Props) {
  const { id, forkId } = await params;
  const [runId, fork] = [safeDecode(id), safeDecode(forkId)];
  return <CompareView key={`${runId}|${fork}`} id={runId} forkId={fork} />;
}
