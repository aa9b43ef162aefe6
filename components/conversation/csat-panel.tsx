'use client';

import { Card, Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import type { CsatRequestedEvent } from '@/lib/fin';
import { CsatHeading } from './csat-heading';

type Option = CsatRequestedEvent['csat']['options'][number];

/** The form's card as it will read: its heading at once, outlines for the options, remark and button. */
function CsatPanelSkeleton() {
  return (
    <Card className="p-4" aria-busy="true">
      <CsatHeading />
      <div className="mt-3 space-y-3">
        <div className="flex flex-wrap gap-2">
          <Skeleton className="h-[62px] w-20" />
          <Skeleton className="h-[62px] w-20" />
          <Skeleton className="h-[62px] w-20" />
        </div>
        <Skeleton className="h-[110px]" />
        <Skeleton className="ml-auto h-9 w-32" />
      </div>
    </Card>
  );
}

export const CsatPanel = preloaded(
  () => import('./csat-panel-form').then((m) => m.CsatPanel),
  CsatPanelSkeleton,
);

/** The rating the console recorded, shown once a survey is answered. */
export function CsatResult({
  rating,
  remark,
  options,
}: {
  rating: string;
  remark: string | null;
  options: Option[] | null;
}) {
  const option = options?.find((o) => o.key === rating);
  return (
    <Card className="flex items-center gap-3 p-4" data-testid="csat-result">
      <span aria-hidden="true" className="text-3xl">
        {option?.emoji ?? '★'}
      </span>
      <div>
        <p className="text-sm font-semibold">Rated: {option?.label ?? rating}</p>
        {remark ? <p className="text-sm text-zinc-600 dark:text-zinc-400">“{remark}”</p> : null}
      </div>
    </Card>
  );
}
