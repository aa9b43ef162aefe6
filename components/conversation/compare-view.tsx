'use client';

import { useQueries } from '@tanstack/react-query';
import { ArrowLeft, GitCompareArrows, Loader2, SearchX } from 'lucide-react';
import Link from 'next/link';
import { useMemo } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Badge, Card, EmptyState, Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import { useCalls } from '@/lib/client/queries/calls';
import { useConversation } from '@/lib/client/queries/conversations';
import { useForks } from '@/lib/client/queries/forks';
import { hitlQueries } from '@/lib/client/queries/hitl';
import { useConversationStream } from '@/lib/client/use-conversation-stream';
import type { Fork } from '@/lib/console/forks';
import type { ConversationDetail, HitlStep } from '@/lib/console/types';
import { describeAnswers } from '@/lib/hitl-form/display';
import { cn } from '@/lib/utils';
import { conversationTitle, isWorking } from './status';
import { MissingOrFailed } from './missing-or-failed';
import { StatusBadge } from './status-badge';
import { compareTimelines, type CompareEntry, type Comparison } from '@/lib/console/timeline-compare';
import { buildTimeline, openingMessage } from '@/lib/console/timeline-model';

// The entry renderer (and its HTML sanitiser) loads apart, as on the conversation page.
const TimelineEntry = preloaded(
  () => import('./timeline').then((m) => m.TimelineEntry),
  () => <Skeleton className="h-12 w-3/4" />,
);

const conversationPath = (id: string) => `/conversations/${encodeURIComponent(id)}`;

/** A run and one of its what-if forks side by side, the fork live while it replays, the first difference marked. */
export function CompareView({ id, forkId }: { id: string; forkId: string }) {
  const source = useConversation(id);
  const fork = useConversation(forkId);
  const forks = useForks(id);
  useConversationStream(forkId, fork.isSuccess);

  const failed = [source, fork, forks].find((q) => q.isError)?.error ?? null;
  if (failed)
    return (
      <MissingOrFailed
        error={failed}
        missing={{
          title: 'Run not found',
          text: `The console has no run “${id}” or no fork “${forkId}” of it.`,
        }}
        failedTitle="The comparison could not be loaded"
        back={{ href: '/conversations', label: 'All conversations' }}
        onRetry={() => Promise.all([source.refetch(), fork.refetch(), forks.refetch()])}
      />
    );
  if (!source.data || !fork.data || !forks.data) return <CompareSkeleton />;
  const link = forks.data.forks.find((f) => f.conversation_id === forkId);
  if (!link)
    return (
      <EmptyState
        icon={<SearchX className="size-8" aria-hidden="true" />}
        title="Not a fork of this run"
        action={
          <Button asChild variant="secondary">
            <Link href={conversationPath(id)}>Back to the run</Link>
          </Button>
        }
      >
        {`“${forkId}” was not replayed from “${id}”.`}
      </EmptyState>
    );
  return <Loaded source={source.data} fork={fork.data} link={link} />;
}

/** Each answered step's answer in words, keyed by step id. */
function answerTexts(steps: { data?: HitlStep }[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const { data } of steps) {
    if (data?.attribute_values)
      texts.set(
        data.step_id,
        describeAnswers(data.attributes, data.attribute_values)
          .map((a) => `${a.label}: ${a.text}`)
          .join(', '),
      );
  }
  return texts;
}

function useAnswers(details: ConversationDetail[]) {
  const stepIds = details.flatMap((d) =>
    d.events.flatMap((e) => (e.event.event_name === 'console_hitl_answered' ? [e.event.step_id] : [])),
  );
  return useQueries({
    queries: [...new Set(stepIds)].map((s) => hitlQueries.detail(s)),
    combine: answerTexts,
  });
}

function Loaded({
  source,
  fork,
  link,
}: {
  source: ConversationDetail;
  fork: ConversationDetail;
  link: Fork;
}) {
  const sourceCalls = useCalls(source.conversation.id);
  const forkCalls = useCalls(fork.conversation.id);
  const answers = useAnswers([source, fork]);
  const replaying = link.status === 'running' || isWorking(fork.conversation.status);
  const comparison = useMemo(() => {
    const left = buildTimeline(source.events, openingMessage(sourceCalls.data)).items;
    const right = buildTimeline(fork.events, openingMessage(forkCalls.data)).items;
    return compareTimelines(left, right, {
      answerOf: (stepId) => answers.get(stepId) ?? null,
      rightDone: !replaying,
    });
  }, [source.events, fork.events, sourceCalls.data, forkCalls.data, answers, replaying]);
  const step = link.question;

  return (
    <div className="space-y-5">
      <div>
        <Link
          href={conversationPath(source.conversation.id)}
          className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
        >
          <ArrowLeft className="size-3.5" aria-hidden="true" />
          Back to the run
        </Link>
        <h1 className="mt-2 flex items-center gap-2 text-2xl font-semibold tracking-tight">
          <GitCompareArrows className="size-6 text-zinc-500" aria-hidden="true" />
          What if: {conversationTitle(source.conversation)}
        </h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Replayed on the simulator by {link.created_by} with another answer to “{step}”.
        </p>
      </div>

      <Summary comparison={comparison} link={link} replaying={replaying} />

      <Card className="p-4 sm:p-5">
        <div className="grid grid-cols-2 gap-4 border-b border-zinc-200 pb-3 dark:border-zinc-800">
          <RunHeading title="Original run" detail={source} />
          <RunHeading title="What if" detail={fork} replaying={replaying} />
        </div>
        <Rows comparison={comparison} />
        {replaying ? (
          <p className="mt-4 flex items-center justify-end gap-2 text-xs text-zinc-500 dark:text-zinc-400">
            <Loader2 className="size-3.5 animate-spin" aria-hidden="true" />
            The fork is replaying; new entries appear as they happen.
          </p>
        ) : null}
      </Card>
    </div>
  );
}

function Summary({
  comparison,
  link,
  replaying,
}: {
  comparison: Comparison;
  link: Fork;
  replaying: boolean;
}) {
  const d = comparison.divergence;
  return (
    <div aria-live="polite" className="space-y-3">
      {d ? (
        <Callout tone="warning" title={`First difference, after ${comparison.shared} shared entries`}>
          <p data-testid="first-difference">
            <span className="font-medium">Original:</span> {d.left?.text ?? 'nothing more'}
            <br />
            <span className="font-medium">What if:</span> {d.right?.text ?? 'nothing more'}
          </p>
        </Callout>
      ) : replaying ? (
        <Callout tone="info" title="Identical so far">
          {comparison.shared} shared entries; the fork is still replaying.
        </Callout>
      ) : (
        <Callout tone="success" title="No difference">
          Both runs went the same way: the other answer changed nothing Fin said or did.
        </Callout>
      )}
      {link.status === 'error' && link.reason ? (
        <Callout tone="error" title="The replay stopped early">
          {link.reason}
        </Callout>
      ) : null}
    </div>
  );
}

function RunHeading({
  title,
  detail,
  replaying = false,
}: {
  title: string;
  detail: ConversationDetail;
  replaying?: boolean;
}) {
  const c = detail.conversation;
  return (
    <div className="min-w-0">
      <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold">
        {title}
        <StatusBadge status={c.status} />
        {replaying ? <Badge tone="brand">replaying</Badge> : null}
      </h2>
      <Link
        href={conversationPath(c.id)}
        className="text-brand-700 dark:text-brand-300 font-mono text-xs break-all hover:underline"
      >
        {c.id}
      </Link>
    </div>
  );
}

function Cell({ entry, side, marked }: { entry: CompareEntry | undefined; side: string; marked: boolean }) {
  if (!entry)
    return (
      <div className="text-xs text-zinc-500 italic dark:text-zinc-400">
        <span className="sr-only">{side}: </span>nothing here
      </div>
    );
  return (
    <div
      className={cn(
        'min-w-0',
        marked && 'rounded-md ring-2 ring-amber-500 ring-offset-4 dark:ring-offset-zinc-900',
      )}
    >
      <span className="sr-only">{side}: </span>
      {marked ? (
        <p className="mb-1.5 text-xs font-semibold text-amber-800 dark:text-amber-300">First difference</p>
      ) : null}
      <div className="flex w-full">
        <TimelineEntry item={entry.item} />
      </div>
    </div>
  );
}

function RowList({
  label,
  note,
  from,
  to,
  comparison,
}: {
  label: string;
  note: string;
  from: number;
  to: number;
  comparison: Comparison;
}) {
  const { left, right, shared, divergence } = comparison;
  if (to <= from) return null;
  const headingId = `compare-${from}`;
  return (
    <section aria-labelledby={headingId} className="mt-4">
      <h3 id={headingId} className="mb-3 flex items-baseline gap-2 text-sm font-semibold">
        {label}
        <span className="text-xs font-normal text-zinc-600 dark:text-zinc-400">{note}</span>
      </h3>
      <ol
        aria-labelledby={headingId}
        className={cn('space-y-4', from < shared && 'border-l-2 border-zinc-200 pl-3 dark:border-zinc-700')}
      >
        {Array.from({ length: to - from }, (_, n) => {
          const i = from + n;
          const marked = divergence?.index === i;
          return (
            <li
              key={`${left[i]?.item.key ?? '-'}|${right[i]?.item.key ?? '-'}`}
              data-compare-row=""
              data-shared={i < shared || undefined}
              data-divergence={marked || undefined}
              className="grid grid-cols-2 gap-4"
            >
              <Cell entry={left[i]} side="Original" marked={marked && !!left[i]} />
              <Cell entry={right[i]} side="What if" marked={marked && !!right[i]} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Rows({ comparison }: { comparison: Comparison }) {
  const { left, right, shared, divergence } = comparison;
  const count = Math.max(left.length, right.length);
  if (count === 0)
    return <p className="py-8 text-center text-sm text-zinc-600 dark:text-zinc-400">No entries yet.</p>;
  const rest = count - shared;
  return (
    <>
      <RowList
        label="Same in both runs"
        note={`${shared} ${shared === 1 ? 'entry' : 'entries'}`}
        from={0}
        to={shared}
        comparison={comparison}
      />
      <RowList
        label={divergence ? 'From the first difference on' : 'Only in one run so far'}
        note={`${rest} ${rest === 1 ? 'row' : 'rows'}`}
        from={shared}
        to={count}
        comparison={comparison}
      />
    </>
  );
}

function CompareSkeleton() {
  return (
    <div className="space-y-5" role="status" aria-busy="true" aria-label="Loading the comparison">
      <Skeleton className="h-4 w-28" />
      <Skeleton className="h-8 w-80" />
      <Skeleton className="h-16 w-full" />
      <div className="grid grid-cols-2 gap-4">
        <Skeleton className="h-72" />
        <Skeleton className="h-72" />
      </div>
    </div>
  );
}
