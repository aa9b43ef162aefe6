'use client';

import { FileWarning, RotateCw } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { EmptyState, SkeletonList } from '@/components/ui/card';
import { RelativeTime } from '@/components/ui/relative-time';
import { useDrift } from '@/lib/client/queries/drift';
import { Section } from './settings-panels';

const count = new Intl.NumberFormat('en');

function DriftTable() {
  const drift = useDrift();
  if (drift.isPending) return <SkeletonList label="Loading contract drift" rows={3} rowClassName="h-10" />;
  if (drift.isError)
    return (
      <Callout
        tone="error"
        role="alert"
        title="Contract drift could not be loaded"
        actions={
          <Button size="sm" variant="secondary" onClick={() => void drift.refetch()}>
            <RotateCw className="size-4" aria-hidden="true" />
            Try again
          </Button>
        }
      >
        {drift.error.message}
      </Callout>
    );
  const { items } = drift.data;
  if (items.length === 0)
    return (
      <EmptyState title="No drift seen" className="py-8">
        Everything Fin sent so far matched the contract.
      </EmptyState>
    );
  return (
    <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Contract drift</caption>
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-800/50 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Where
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Field
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Expected
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Received
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Count
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Last seen
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {items.map((i) => (
            <tr key={`${i.where}|${i.path}|${i.expected}|${i.received}`}>
              <td className="px-3 py-2 whitespace-nowrap">{i.where}</td>
              <td className="px-3 py-2">
                <code className="text-xs">{i.path}</code>
              </td>
              <td className="max-w-64 px-3 py-2 break-words">{i.expected}</td>
              <td className="px-3 py-2 break-words">{i.received}</td>
              <td className="px-3 py-2 text-right tabular-nums">{count.format(i.count)}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <RelativeTime iso={i.last_seen} />
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">
                  first <RelativeTime iso={i.first_seen} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What Fin sent that the contract does not describe: the console kept working, and says so here. */
export function DriftPanel() {
  return (
    <Section
      icon={<FileWarning className="size-4" />}
      title="Contract drift"
      description="Fields and values from Fin that differ from the documented contract. The console accepts them; each kind is listed once with how often it was seen."
    >
      <DriftTable />
    </Section>
  );
}
