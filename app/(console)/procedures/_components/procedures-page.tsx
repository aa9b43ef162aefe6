'use client';

import { FileQuestion, Workflow } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Card, EmptyState, Skeleton, SkeletonList } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { useProcedures } from '@/lib/client/queries/procedures';
import { IntercomProcedures } from './intercom-procedures';
import { ProcedureDetail } from './procedure-detail';
import { ProcedureList } from './procedure-list';
import { WhoSeesIt } from './who-sees-it';

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
