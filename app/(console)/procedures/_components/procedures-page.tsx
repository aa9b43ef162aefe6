'use client';

import { FileQuestion, Workflow } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Card, EmptyState, Skeleton, SkeletonList } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { useProcedures } from '@/lib/client/queries/procedures';
import { preloaded } from '@/components/ui/preloaded';
import { IntercomProcedures } from './intercom-procedures';
import { ProcedureList } from './procedure-list';

// The form kit and the detail's dialogs stay out of the first load (docs/decisions/client-loading.md).
const WhoSeesIt = preloaded(
  () => import('./who-sees-it').then((m) => m.WhoSeesIt),
  () => <Skeleton className="h-[28rem]" />,
);
const ProcedureDetail = preloaded(
  () => import('./procedure-detail').then((m) => m.ProcedureDetail),
  () => <Skeleton className="h-[40rem]" />,
);

/** The list on the left; on the right the selected procedure, or "who sees it" when none is. */
export function ProceduresPage({ selectedId }: { selectedId: string | null }) {
  const query = useProcedures();
  if (query.isPending)
    return (
      <div className="grid items-start gap-6 lg:grid-cols-[16rem_1fr]">
        <SkeletonList label="Loading procedures" rows={8} rowClassName="h-14" />
        <Skeleton className="h-96" />
      </div>
    );
  if (query.isError)
    return (
      <LoadFailed title="The procedures could not be loaded" error={query.error} onRetry={query.refetch} />
    );
  if (query.data.managedBy === 'intercom') return <IntercomProcedures />;

  const { procedures } = query.data;
  const selected = selectedId === null ? null : procedures.find((p) => p.id === selectedId);
  return (
    <div className="grid items-start gap-6 lg:grid-cols-[16rem_1fr]">
      <Card className="p-2 lg:sticky lg:top-6">
        {procedures.length ? (
          <ProcedureList procedures={procedures} selectedId={selectedId} />
        ) : (
          <EmptyState icon={<Workflow className="size-6" aria-hidden="true" />} title="No procedures yet" />
        )}
      </Card>
      {selectedId === null ? (
        <WhoSeesIt />
      ) : selected ? (
        <ProcedureDetail procedure={selected} />
      ) : (
        <EmptyState
          icon={<FileQuestion className="size-8" aria-hidden="true" />}
          title="No such procedure"
          action={
            <Button asChild variant="secondary">
              <Link href="/procedures">All procedures</Link>
            </Button>
          }
        >
          The simulator holds no procedure with the id {selectedId}. It may have been deleted.
        </EmptyState>
      )}
    </div>
  );
}
