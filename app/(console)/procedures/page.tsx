import { PageHeader } from '@/components/ui/card';
import { HeaderActions } from './_components/header-actions';
import { ProceduresPage } from './_components/procedures-page';

export const metadata = { title: 'Procedures' };

export default function Page() {
  return (
    <>
      <PageHeader
        title="Procedures"
        description="The simulator's procedures as flows, who gets them, and (for leads) a definition editor."
        actions={<HeaderActions />}
      />
      <ProceduresPage selectedId={null} />
    </>
  );
}
