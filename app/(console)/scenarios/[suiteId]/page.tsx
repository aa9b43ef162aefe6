import { ScenariosPage } from '@/components/scenarios/scenarios-page';

export const metadata = { title: 'Scenarios' };

export default async function Page({ params }: { params: Promise<{ suiteId: string }> }) {
  const { suiteId } = await params;
  return <ScenariosPage selected={suiteId} />;
}
