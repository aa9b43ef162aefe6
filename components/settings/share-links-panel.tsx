'use client';

import { Link2 } from 'lucide-react';
import { SkeletonList } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import { useShareLinks } from '@/lib/client/queries/share-links';
import { useCan } from '@/lib/client/session';
import { Section } from './settings-panels';

const ShareLinkList = preloaded(
  () => import('./share-links-panel-content').then((m) => m.ShareLinkList),
  () => <SkeletonList label="Loading share links" rows={2} rowClassName="h-10" />,
);

function StartLoading() {
  useShareLinks(); // starts the request on hydration, not once the list's chunk has arrived
  return null;
}

/** Leads: every public replay link, who made it, until when, how often it was opened, and Revoke. */
export function ShareLinksPanel() {
  const may = useCan('share');
  if (!may.allowed) return null;
  return (
    <Section
      icon={<Link2 className="size-4" />}
      title="Share links"
      description="Read-only replays anyone with the link can open, without an account. Make one from a conversation's Share button."
    >
      <StartLoading />
      <ShareLinkList />
    </Section>
  );
}
