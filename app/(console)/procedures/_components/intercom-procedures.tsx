'use client';

import { UserRoundSearch, Workflow } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Card, EmptyState, SkeletonList } from '@/components/ui/card';
import { Callout } from '@/components/ui/callout';
import { LoadFailed } from '@/components/ui/load-failed';
import { splitCapabilities, useCapabilities } from '@/lib/client/queries/capabilities';
import { useUiStore } from '@/lib/client/ui-store';

/** Against real Intercom: definitions live there; show what the capabilities endpoint lists. */
export function IntercomProcedures() {
  const user = useUiStore((s) => s.currentUser);
  const query = useCapabilities(user);
  const procedures = splitCapabilities(query.data?.capabilities ?? []).procedures;
  return (
    <div className="space-y-4">
      <Callout title="Procedures are managed in Intercom">
        The console connects to a real Intercom workspace, so procedures are built and edited there. Below is
        what Fin&apos;s capabilities endpoint lists for one end user.
      </Callout>
      {!user ? (
        <EmptyState
          icon={<UserRoundSearch className="size-8" aria-hidden="true" />}
          title="Pick an end user first"
          action={
            <Button asChild variant="secondary">
              <Link href="/">Open the catalogue</Link>
            </Button>
          }
        >
          Intercom lists procedures per end user (audience rules use their attributes). Choose one in the
          catalogue.
        </EmptyState>
      ) : query.isPending ? (
        <SkeletonList label="Loading procedures" rows={4} rowClassName="h-16" />
      ) : query.isError ? (
        <LoadFailed title="The procedures could not be loaded" error={query.error} onRetry={query.refetch} />
      ) : procedures.length === 0 ? (
        <EmptyState
          icon={<Workflow className="size-8" aria-hidden="true" />}
          title="No procedures for this user"
        >
          Intercom lists none for {user.name ?? user.id}.
        </EmptyState>
      ) : (
        <ul aria-label="Procedures" className="grid gap-3 sm:grid-cols-2">
          {procedures.map((p) => (
            <li key={p.id}>
              <Card className="h-full p-4">
                <h2 className="font-semibold">{p.name ?? `Procedure ${p.id}`}</h2>
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{p.description}</p>
                <code className="mt-3 block text-xs text-zinc-500 dark:text-zinc-400">id {p.id}</code>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
