import { RunPage } from '@/components/scenarios/run-page';

export const metadata = { title: 'Scenario run' };

export default async function Page({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  return <RunPage key={runId} runId={runId} />;
}
