'use client';

import { UserRoundSearch } from 'lucide-react';
import { EmptyState, Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import { useHydrated } from '@/components/ui/use-hydrated';
import { useUiStore } from '@/lib/client/ui-store';
import { Catalogue } from './catalogue';

const EndUserPicker = preloaded(
  () => import('./end-user-picker').then((m) => m.EndUserPicker),
  PickerSkeleton,
);

/** The picker card's height with no attributes, so the form takes the placeholder's place. */
function PickerSkeleton() {
  return <Skeleton className="h-[29.5rem]" />;
}

/** Picker on the left, the chosen user's catalogue on the right. */
export function CataloguePage() {
  const hydrated = useHydrated();
  const user = useUiStore((s) => s.currentUser);
  if (!hydrated) {
    return (
      <div className="grid gap-6 lg:grid-cols-[20rem_1fr]" aria-busy="true">
        <PickerSkeleton />
        <Skeleton className="h-64" />
      </div>
    );
  }
  return (
    <div className="grid items-start gap-6 lg:grid-cols-[20rem_1fr]">
      <EndUserPicker />
      {user ? (
        <Catalogue key={user.id} user={user} />
      ) : (
        <EmptyState icon={<UserRoundSearch className="size-8" aria-hidden="true" />} title="Pick an end user">
          Enter an end user to see the procedures Fin can run for them. Audience rules use the user&apos;s
          attributes, so add plan_type or vip to see what those users get.
        </EmptyState>
      )}
    </div>
  );
}
