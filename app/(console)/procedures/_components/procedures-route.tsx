import { PageHeader } from '@/components/ui/card';
import { HeaderActions } from './header-actions';
import { ProceduresPage } from './procedures-page';

/** The list page and a procedure's page: one header, the list, and the selection. */
export function ProceduresRoute({ selectedId }: { selectedId: string | null }) {
  return (
    <>
      <PageHeader
        title="Procedures"
        description="The simulator's procedures as flows, who gets them, and (for leads) a definition editor."
        actions={<HeaderActions />}
      />
      <ProceduresPage selectedId={selectedId} />
    </>
  );
}
