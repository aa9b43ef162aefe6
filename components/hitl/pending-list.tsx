'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import type { Permission } from '@/lib/client/roles';
import { useCan, useViewer } from '@/lib/client/session';
import type { HitlStep } from '@/lib/console/types';
import { formatDuration, procedureLabel, questionLabel } from '@/lib/hitl-form/step';
import { cn } from '@/lib/utils';
import { ClaimButtons, useClaimActions, type ClaimContext } from './claim-control';
import { useEndUserOf } from './end-users';
import { LinkBadge } from './link-badge';
import { Assignee, ClaimBadgeAt, ExpiryAt, PriorityBadge, WaitingAt } from './step-meta';
import { useNow } from './use-now';
import { useStepVirtualizer, VirtualStepList } from './virtual-step-list';

/** A row and the gap below it, in px. */
const ROW_HEIGHT = 108;

const stepHref = (id: string) => `/inbox/${encodeURIComponent(id)}`;
const linkId = (id: string) => `step-link-${id}`;

function focusLink(id: string, attempt = 0) {
  const el = document.getElementById(linkId(id));
  if (el) {
    el.focus({ preventScroll: true });
  } else if (attempt < 10) {
    requestAnimationFrame(() => focusLink(id, attempt + 1));
  }
}

/** Keys typed into a field, or with a modifier, are not shortcuts. */
function isTyping(e: KeyboardEvent) {
  if (e.ctrlKey || e.metaKey || e.altKey) return true;
  const t = e.target as HTMLElement | null;
  return !!t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}

/** The pending steps, virtualised; j / k move the selection (by step, so arrivals don't shift it), Enter opens. */
export function PendingList({ steps }: { steps: HitlStep[] }) {
  const router = useRouter();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const whoOf = useEndUserOf();
  // Read once and passed down: rows are pure, so scrolling mounts no hooks.
  const now = useNow();
  const me = useViewer();
  const can = useCan('answerStep');
  const may = useMemo<Permission>(
    () => ({ allowed: can.allowed, reason: can.reason }) as Permission,
    [can.allowed, can.reason],
  );
  const { busy, onClaim, onRelease } = useClaimActions();

  // One fixed height: rows are placed without measuring (a forced layout each).
  const { scrollRef, virtualizer } = useStepVirtualizer(steps, ROW_HEIGHT);

  const selectedIndex = selectedId ? steps.findIndex((s) => s.step_id === selectedId) : -1;

  const select = useCallback(
    (index: number) => {
      const step = steps[index];
      if (!step) return;
      setSelectedId(step.step_id);
      virtualizer.scrollToIndex(index, { align: 'auto' });
      requestAnimationFrame(() => focusLink(step.step_id));
      const who = whoOf(step);
      setAnnouncement(
        `Step ${index + 1} of ${steps.length}: ${procedureLabel(step)}${who ? `, ${who}` : ''}. ${questionLabel(step)} Waiting ${formatDuration(Date.now() - Date.parse(step.received_at))}. Press Enter to open.`,
      );
    },
    [steps, virtualizer, whoOf],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || document.querySelector('[role="dialog"]')) return;
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        if (steps.length === 0) return;
        const from = selectedIndex === -1 ? (e.key === 'j' ? -1 : steps.length) : selectedIndex;
        select(Math.min(steps.length - 1, Math.max(0, from + (e.key === 'j' ? 1 : -1))));
      } else if (e.key === 'Enter' && selectedId) {
        const t = e.target as HTMLElement | null;
        // A focused link or button does its own thing on Enter.
        if (t?.closest('a, button')) return;
        e.preventDefault();
        router.push(stepHref(selectedId));
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [steps, selectedIndex, selectedId, select, router]);

  // Prefetch on hover or focus, not as rows scroll past (hundreds of requests).
  const prefetch = useCallback((id: string) => router.prefetch(stepHref(id)), [router]);

  return (
    <>
      <p aria-live="polite" aria-atomic="true" className="sr-only">
        {announcement}
      </p>
      <VirtualStepList
        label="Pending steps"
        steps={steps}
        scrollRef={scrollRef}
        virtualizer={virtualizer}
        fixedHeight={ROW_HEIGHT}
        testId="pending-scroller"
        renderRow={(step) => (
          <PendingRow
            step={step}
            who={whoOf(step)}
            selected={step.step_id === selectedId}
            onSelect={setSelectedId}
            onIntent={prefetch}
            now={now}
            me={me}
            may={may}
            busy={busy.has(step.step_id)}
            onClaim={onClaim}
            onRelease={onRelease}
          />
        )}
      />
    </>
  );
}

const PendingRow = memo(function PendingRow({
  step,
  who,
  selected,
  onSelect,
  onIntent,
  ...claim
}: ClaimContext & {
  step: HitlStep;
  who: string | null;
  selected: boolean;
  onSelect: (id: string) => void;
  onIntent: (id: string) => void;
}) {
  return (
    <div
      onClickCapture={() => onSelect(step.step_id)}
      aria-current={selected ? 'true' : undefined}
      className={cn(
        'flex h-full items-start gap-3 overflow-hidden rounded-lg border bg-white p-3.5 transition-colors dark:bg-zinc-900',
        selected
          ? 'border-brand-500 ring-brand-500/30 ring-2'
          : 'border-zinc-200 hover:border-zinc-300 dark:border-zinc-800 dark:hover:border-zinc-700',
      )}
    >
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex h-5 items-center gap-x-2 overflow-hidden text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">
          <PriorityBadge priority={step.priority} />
          <span className="truncate font-semibold text-zinc-800 dark:text-zinc-200">
            {procedureLabel(step)}
          </span>
          <span aria-hidden="true">·</span>
          <span className="truncate">{who ?? 'Unknown end user'}</span>
          <span aria-hidden="true">·</span>
          <span className="truncate font-mono">{step.external_conversation_id ?? step.conversation_id}</span>
          {step.link === 'intercom_id' ? null : <LinkBadge step={step} />}
          <ClaimBadgeAt step={step} me={claim.me} now={claim.now} />
        </div>
        <Link
          id={linkId(step.step_id)}
          href={stepHref(step.step_id)}
          prefetch={false}
          onPointerEnter={() => onIntent(step.step_id)}
          onFocus={() => onIntent(step.step_id)}
          title={questionLabel(step)}
          className="hover:text-brand-700 focus-visible:ring-brand-500 dark:hover:text-brand-100 block truncate rounded text-[15px] leading-snug font-medium text-zinc-900 hover:underline focus-visible:ring-2 focus-visible:outline-none dark:text-zinc-100"
        >
          {questionLabel(step)}
        </Link>
        <div className="flex h-5 items-center gap-x-4 overflow-hidden text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">
          <WaitingAt receivedAt={step.received_at} now={claim.now} />
          <Assignee assignTo={step.assign_to} />
          {step.status === 'refused' ? (
            <span className="truncate text-red-700 dark:text-red-400">{step.outcome}</span>
          ) : (
            <ExpiryAt step={step} now={claim.now} />
          )}
        </div>
      </div>
      <ClaimButtons step={step} {...claim} compact />
    </div>
  );
});
