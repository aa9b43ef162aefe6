'use client';

import { Ban, Clock, Flag, Hourglass, Lock, User, Users } from 'lucide-react';
import { useMemo } from 'react';
import { Badge } from '@/components/ui/card';
import type { HitlStep } from '@/lib/console/types';
import {
  claimState,
  formatCountdown,
  formatDuration,
  isExpired,
  msUntilExpiry,
  type Viewer,
} from '@/lib/hitl-form/step';
import { useNow } from './use-now';

export function PriorityBadge({ priority }: { priority: HitlStep['priority'] }) {
  if (priority !== 'priority') return null;
  return (
    <Badge tone="red">
      <Flag className="size-3" aria-hidden="true" />
      Priority
    </Badge>
  );
}

export function Assignee({ assignTo }: { assignTo: HitlStep['assign_to'] }) {
  if (!assignTo) return <span className="text-zinc-500 dark:text-zinc-400">Unassigned</span>;
  const Icon = assignTo.type === 'team' ? Users : User;
  const name = assignTo.name ?? `${assignTo.type} ${assignTo.id}`;
  return (
    <span className="inline-flex items-center gap-1">
      <Icon className="size-3.5 shrink-0" aria-hidden="true" />
      <span>
        <span className="sr-only">{assignTo.type === 'team' ? 'Team: ' : 'Teammate: '}</span>
        {name}
      </span>
    </span>
  );
}

// Made once: building a formatter per row (what toLocaleString does) is slow while scrolling.
const fullDate = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

export function Waiting({ receivedAt, className }: { receivedAt: string; className?: string }) {
  return <WaitingAt receivedAt={receivedAt} now={useNow()} className={className} />;
}

/** `Waiting` for a list that reads the clock once for all its rows. */
export function WaitingAt({
  receivedAt,
  now,
  className,
}: {
  receivedAt: string;
  now: number;
  className?: string;
}) {
  const at = Date.parse(receivedAt);
  const title = useMemo(() => (Number.isNaN(at) ? undefined : fullDate.format(at)), [at]);
  return (
    <time dateTime={receivedAt} title={title} className={className}>
      <Clock className="mr-1 inline size-3.5 align-[-2px]" aria-hidden="true" />
      waiting {now ? formatDuration(now - at) : '…'}
    </time>
  );
}

export function Expiry({ step, className }: { step: HitlStep; className?: string }) {
  return <ExpiryAt step={step} now={useNow()} className={className} />;
}

/** `Expiry` for a list that reads the clock once for all its rows. */
export function ExpiryAt({ step, now, className }: { step: HitlStep; now: number; className?: string }) {
  if (!now) return null;
  if (isExpired(step, now)) {
    return (
      <Badge tone="amber" className={className}>
        <Hourglass className="size-3" aria-hidden="true" />
        Expired
      </Badge>
    );
  }
  const left = msUntilExpiry(step, now);
  if (left === null) return <span className={className}>No expiry</span>;
  const soon = left < 10 * 60_000;
  return (
    <span className={className}>
      <Hourglass
        className={`mr-1 inline size-3.5 align-[-2px] ${soon ? 'text-amber-600' : ''}`}
        aria-hidden="true"
      />
      <span className={soon ? 'font-medium text-amber-800 dark:text-amber-300' : undefined}>
        expires in {formatDuration(left)}
      </span>
    </span>
  );
}

/** Who is working on the step, visible to everyone while the claim lasts. */
export function ClaimBadgeAt({ step, me, now }: { step: HitlStep; me: Viewer; now: number }) {
  if (step.status === 'submitting') return <Badge tone="violet">Answer being sent</Badge>;
  if (step.status === 'refused') return <RefusedBadge step={step} />;
  const claim = claimState(step, me, now);
  if (claim.kind === 'none') return null;
  return (
    <Badge
      tone={claim.kind === 'mine' ? 'brand' : 'violet'}
      title={`Claim lapses in ${formatCountdown(claim.msLeft)}`}
    >
      <Lock className="size-3" aria-hidden="true" />
      {claim.kind === 'mine' ? 'Claimed by you' : `Claimed by ${claim.by}`}
    </Badge>
  );
}

/** A step kept from its webhook whose callback the console refused to call: not answerable here. */
export function RefusedBadge({ step }: { step: Pick<HitlStep, 'outcome'> }) {
  return (
    <Badge tone="red" title={step.outcome ?? undefined}>
      <Ban className="size-3" aria-hidden="true" />
      Not answerable
    </Badge>
  );
}
