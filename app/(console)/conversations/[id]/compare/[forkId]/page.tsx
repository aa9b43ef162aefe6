import type { Metadata } from 'next';
import { CompareView } from '@/components/conversation/compare-view';

type Props = { params: Promise<{ id: string; forkId: string }> };

function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `What if: ${safeDecode(id)}` };
}

export default async function ComparePage({ params }: Props) {
  const { id, forkId } = await params;
  const [runId, fork] = [safeDecode(id), safeDecode(forkId)];
  return <CompareView key={`${runId}|${fork}`} id={runId} forkId={fork} />;
}
