import { LayoutGrid } from 'lucide-react';
import { EmptyState, PageHeader } from '@/components/ui/card';

export const metadata = { title: 'Catalogue' };

export default function CataloguePage() {
  return (
    <>
      <PageHeader title="Capabilities catalogue" description="What Fin can do for one end user." />
      <EmptyState icon={<LayoutGrid className="size-8" aria-hidden="true" />} title="Pick an end user">
        Enter an end user to see the procedures Fin can run for them.
      </EmptyState>
    </>
  );
}
