'use client';

import { Link2 } from 'lucide-react';
import Link from 'next/link';
import { Badge, EmptyState, SkeletonList } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { RelativeTime } from '@/components/ui/relative-time';
import { RevokeButton } from '@/components/ui/revoke-button';
import { Table } from '@/components/ui/table';
import { useRevokeShareLink, useShareLinks } from '@/lib/client/queries/share-links';
import type { ShareLinkStatus, ShareLinkView } from '@/lib/console/share-links';

const STATUS: Record<ShareLinkStatus, { label: string; tone: 'green' | 'neutral' | 'red' }> = {
  active: { label: 'Active', tone: 'green' },
  expired: { label: 'Expired', tone: 'neutral' },
  revoked: { label: 'Revoked', tone: 'red' },
};

export function ShareLinkList() {
  const links = useShareLinks();
  if (links.isPending) return <SkeletonList label="Loading share links" rows={2} rowClassName="h-10" />;
  if (links.isError)
    return (
      <LoadFailed title="The share links could not be loaded" error={links.error} onRetry={links.refetch} />
    );
  if (links.data.length === 0)
    return (
      <EmptyState
        icon={<Link2 className="size-6" aria-hidden="true" />}
        title="No share links yet"
        className="py-8"
      >
        Open a conversation and choose Share to make a read-only link to its replay.
      </EmptyState>
    );
  return (
    <Table
      caption="Share links"
      columns={['Conversation', 'Made by', 'Expires', 'Views', { label: 'Actions', srOnly: true }]}
    >
      {links.data.map((l) => (
        <ShareLinkRow key={l.id} link={l} />
      ))}
    </Table>
  );
}

function ShareLinkRow({ link: l }: { link: ShareLinkView }) {
  const status = STATUS[l.status];
  const active = l.status === 'active';
  return (
    <tr className={active ? undefined : 'text-zinc-600 dark:text-zinc-400'}>
      <td className="px-3 py-2.5 align-top">
        <div className="flex flex-wrap items-center gap-1.5 font-medium">
          <Link href={`/conversations/${encodeURIComponent(l.conversation_id)}`} className="hover:underline">
            {l.conversation_title}
          </Link>
          <Badge tone={status.tone}>{status.label}</Badge>
        </div>
        <div className="text-xs text-zinc-600 dark:text-zinc-400">
          {l.redact ? 'Personal data redacted' : 'Personal data shown'}
        </div>
      </td>
      <td className="px-3 py-2.5 align-top">
        {l.created_by}
        <div className="text-xs text-zinc-600 dark:text-zinc-400">
          <RelativeTime iso={l.created_at} />
        </div>
      </td>
      <td className="px-3 py-2.5 align-top text-zinc-600 dark:text-zinc-400" data-testid="share-expires">
        {l.status === 'revoked' && l.revoked_at ? (
          <>
            revoked <RelativeTime iso={l.revoked_at} />
            {l.revoked_by ? <div className="text-xs">by {l.revoked_by}</div> : null}
          </>
        ) : (
          <RelativeTime iso={l.expires_at} />
        )}
      </td>
      <td className="px-3 py-2.5 align-top tabular-nums" data-testid="share-views">
        {l.view_count}
        {l.last_viewed_at ? (
          <div className="text-xs text-zinc-600 dark:text-zinc-400">
            last <RelativeTime iso={l.last_viewed_at} />
          </div>
        ) : null}
      </td>
      <td className="px-3 py-2.5 text-right align-top">{active ? <RevokeShareLink link={l} /> : null}</td>
    </tr>
  );
}

function RevokeShareLink({ link }: { link: ShareLinkView }) {
  const revoke = useRevokeShareLink();
  return (
    <RevokeButton
      id={link.id}
      name={`the link to “${link.conversation_title}”`}
      buttonLabel={`Revoke the link to ${link.conversation_title}`}
      what="link"
      consequence="Anyone opening it is told it was revoked."
      revoke={revoke}
    />
  );
}
