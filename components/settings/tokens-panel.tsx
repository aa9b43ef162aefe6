'use client';

import { KeyRound } from 'lucide-react';
import { Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import { useTokens } from '@/lib/client/queries/tokens';
import { useCan } from '@/lib/client/session';
import { Section } from './settings-panels';

function TokensSkeleton({ lead }: { lead: boolean }) {
  return (
    <div role="status" className="space-y-4" aria-busy="true" aria-label="Loading API tokens">
      {lead ? (
        <div className="max-w-lg space-y-1.5">
          <Skeleton className="h-5 w-24" />
          <Skeleton className="h-9" />
          <Skeleton className="h-4 w-32" />
        </div>
      ) : null}
      <div className="space-y-2">
        <Skeleton className="h-10" />
        <Skeleton className="h-10" />
      </div>
    </div>
  );
}

const TokensPanelContent = preloaded(
  () => import('./tokens-panel-content').then((m) => m.TokensPanelContent),
  TokensSkeleton,
);

/** API tokens for scripts (`Authorization: Bearer …`): leads create and revoke; others see their own. */
export function TokensPanel() {
  const lead = useCan('manageTokens').allowed;
  useTokens(); // starts the request on hydration, not once the body's chunk has arrived
  return (
    <Section
      icon={<KeyRound className="size-4" />}
      title="API tokens"
      description={
        lead
          ? 'For scripts calling the console API with Authorization: Bearer. A token acts as the lead who created it.'
          : 'Tokens a lead created for you. Only leads create and revoke them.'
      }
    >
      <TokensPanelContent lead={lead} />
    </Section>
  );
}
