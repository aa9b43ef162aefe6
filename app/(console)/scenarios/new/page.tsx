import { ScenariosPage } from '@/components/scenarios/scenarios-page';

export const metadata = { title: 'New scenario suite' };

export default function Page() {
  return <ScenariosPage selected="new" />;
}
