import { Ban, Clock, Hourglass } from 'lucide-react';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { ReplayPlayer } from '@/components/replay/replay-player';
import { getConsole } from '@/lib/server/context';
import { openSharedReplay } from '@/lib/server/share-links';
import { ShareFrame, ShareRefusal } from './_components/share-frame';

// The URL holds the token: kept out of search engines and referrers (the server also sends the header).
export const metadata: Metadata = {
  title: 'Shared replay',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

type Props = { params: Promise<{ token: string }> };

/** A public, read-only replay: what the token allows, redacted as its link says, or why it won't open. */
export default async function SharePage({ params }: Props) {
  const { token } = await params;
  const shared = await openSharedReplay(await getConsole(), token, new Headers(await headers()));
  switch (shared.state) {
    case 'unknown':
      notFound();
    case 'expired':
      return (
        <ShareRefusal icon={<Clock className="size-7" aria-hidden="true" />} title="This link has expired">
          Share links last a limited time. Ask whoever shared it for a new one.
        </ShareRefusal>
      );
    case 'revoked':
      return (
        <ShareRefusal icon={<Ban className="size-7" aria-hidden="true" />} title="This link was revoked">
          Whoever shared this replay has withdrawn it.
        </ShareRefusal>
      );
    case 'rate_limited':
      return (
        <ShareRefusal
          icon={<Hourglass className="size-7" aria-hidden="true" />}
          title="Too many links opened"
        >
          {`Too many share links were opened from your network. Try again in ${shared.retryAfter} seconds.`}
        </ShareRefusal>
      );
    case 'active':
      return (
        <ShareFrame>
          <ReplayPlayer data={shared.replay} />
        </ShareFrame>
      );
  }
}
