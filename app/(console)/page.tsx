import { PageHeader } from '@/components/ui/card';
import { CataloguePage } from '@/components/catalogue/catalogue-page';

export const metadata = { title: 'Catalogue' };

export default function Page() {
  return (
    <>
      <PageHeader
        title="Capabilities catalogue"
        description="What Fin can do for one end user: run a procedure, ask, reply or escalate."
      />
      <CataloguePage />
    </>
  );
}
