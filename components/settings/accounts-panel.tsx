'use client';

import { Users } from 'lucide-react';
import { SkeletonList } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import { useAccounts } from '@/lib/client/queries/users';
import { useCan } from '@/lib/client/session';
import { Section } from './settings-panels';

function AccountsSkeleton() {
  return <SkeletonList label="Loading accounts" rows={3} rowClassName="h-10" />;
}

const AccountsPanelContent = preloaded(
  () => import('./accounts-panel-content').then((m) => m.Accounts),
  AccountsSkeleton,
);

/** Leads: everyone who can sign in, their role and state, and adding someone. */
export function AccountsPanel() {
  const may = useCan('manageAccounts');
  if (!may.allowed) return null;
  return (
    <Section
      icon={<Users className="size-4" />}
      title="Accounts"
      description="Who can sign in and what they may do. Disabling an account ends its sessions and API tokens."
    >
      <PrefetchAccounts />
      <AccountsPanelContent />
    </Section>
  );
}

/** Starts the accounts request on hydration rather than once the list's chunk has arrived. */
function PrefetchAccounts() {
  useAccounts();
  return null;
}
