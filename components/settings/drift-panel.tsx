'use client';

import { FileWarning } from 'lucide-react';
import { EmptyState, SkeletonList } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table } from '@/components/ui/table';
import { useDrift } from '@/lib/client/queries/drift';
import { Section } from './settings-panels';

const count = new Intl.NumberFormat('en');

function DriftTable() {
  const drift = useDrift();
  if (drift.isPending) return <SkeletonList label="Loading contract drift" rows={3} rowClassName="h-10" />;
  if (drift.isError)
    return (
      <LoadFailed title="Contract drift could not be loaded" error={drift.error} onRetry={drift.refetch} />
    );
  const { items } = drift.data;
  if (items.length === 0)
    return (
      <EmptyState title="No drift seen" className="py-8">
        Everything Fin sent so far matched the contract.
      </EmptyState>
    );
  return (
    <Table
      caption="Contract drift"
      columns={[
        'Where',
        'Field',
        'Expected',
        'Received',
        { label: 'Count', className: 'text-right' },
        'Last seen',
      ]}
    >
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
    </Table>
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
