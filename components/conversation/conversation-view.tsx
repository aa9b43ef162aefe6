'use client';

import {
  ArrowLeft,
  FlaskConical,
  Hand,
  LifeBuoy,
  Loader2,
  MessageCircleQuestion,
  MonitorPlay,
} from 'lucide-react';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Badge, Card, Skeleton } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { preloaded, preloadedDialog } from '@/components/ui/preloaded';
import { RelativeTime } from '@/components/ui/relative-time';
import { CallsList } from '@/components/inspector/calls-list';
import { ShareButton } from '@/components/share/share-button';
import { useCalls } from '@/lib/client/queries/calls';
import { useConversation } from '@/lib/client/queries/conversations';
import { useConversationStream } from '@/lib/client/use-conversation-stream';
import { ConnectionIndicator, connectionView } from './connection-indicator';
import { MissingOrFailed } from './missing-or-failed';
import { CsatPanel, CsatResult } from './csat-panel';
import { useCan } from '@/lib/client/session';
import { ProgressStepper } from './progress-stepper';
import { KIND_LABEL, STATUS_LABEL, conversationTitle, isWorking } from './status';
import { StatusBadge } from './status-badge';
import {
  buildTimeline,
  hasWarnings,
  openingMessage,
  seenStatuses,
  warningLines,
  type DriftCheck,
} from '@/lib/console/timeline-model';

const Timeline = preloaded(() => import('./timeline').then((m) => m.Timeline), TimelineSkeleton);
const EscalateDialog = preloadedDialog(() =>
  import('@/components/fin-actions/escalate-dialog').then((m) => m.EscalateDialog),
);
const SaveScenarioDialog = preloadedDialog(() =>
  import('@/components/scenarios/save-scenario-dialog').then((m) => m.SaveScenarioDialog),
);
// Only finished runs with answered HITL steps show it, and its answer display needs the field registry.
const WhatIfCard = preloaded(
  () => import('./what-if-card').then((m) => m.WhatIfCard),
  () => null,
);
const ReplyComposer = preloaded(
  () => import('@/components/fin-actions/reply-composer').then((m) => m.ReplyComposer),
  () => <Skeleton className="h-44" />,
);

/** One conversation, live: progress, timeline, what to do next, details and API calls. */
export function ConversationView({ id }: { id: string }) {
  const query = useConversation(id);
  const connection = useConversationStream(id, query.isSuccess);

  if (query.isPending) return <ConversationSkeleton />;
  if (query.isError)
    return (
      <MissingOrFailed
        error={query.error}
        missing={{
          title: 'Conversation not found',
          text: `The console has no conversation with the id “${id}”.`,
        }}
        failedTitle="The conversation could not be loaded"
        back={{ href: '/conversations', label: 'All conversations' }}
        onRetry={() => query.refetch()}
      />
    );
  return <Loaded detail={query.data} connection={connection} />;
}

/** The contract check needs zod, so it loads apart; the timeline waits for it (see where it renders). */
function useDriftCheck(): DriftCheck | undefined {
  const [check, setCheck] = useState<DriftCheck>();
  useEffect(() => {
    // Without the check (its chunk failed to load) the timeline still shows, unmarked.
    void import('@/lib/console/event-drift').then(
      (m) => setCheck(() => m.driftOf),
      () => setCheck(() => () => undefined),
    );
  }, []);
  return check;
}

function Loaded({
  detail,
  connection,
}: {
  detail: NonNullable<ReturnType<typeof useConversation>['data']>;
  connection: ReturnType<typeof useConversationStream>;
}) {
  const { conversation: c, events } = detail;
  const calls = useCalls(c.id);
  const opening = useMemo(() => openingMessage(calls.data), [calls.data]);
  const driftOf = useDriftCheck();
  const timeline = useMemo(() => buildTimeline(events, opening, driftOf), [events, opening, driftOf]);
  const [escalating, setEscalating] = useState(false);
  const [saving, setSaving] = useState(false);
  const lead = useCan('escalate');
  const scenarios = useCan('manageScenarios');
  const seen = useMemo(() => seenStatuses(events, c.status), [events, c.status]);
  const view = connectionView(connection, c.stream_state, c.status);
  const paused = timeline.pendingHitl.length > 0;
  // While a HITL step is open Fin is not working, whatever the last status said.
  const working = isWorking(c.status) && !paused;
  const isAsk = c.kind === 'ask';
  const awaiting = c.status === 'awaiting_user_reply' && !isAsk;
  const finished = c.status === 'complete' || c.status === 'resolved' || c.status === 'escalated';
  const warnings = warningLines(c.warnings);

  return (
    <div className="space-y-5">
      <div>
        <Link
          href="/conversations"
          className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
        >
          <ArrowLeft className="size-3.5" aria-hidden="true" />
          Conversations
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight">{conversationTitle(c)}</h1>
            <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
              <span className="font-mono" data-testid="conversation-id">
                {c.id}
              </span>
              <span aria-hidden="true">·</span>
              <span>for {c.user.name ? `${c.user.name} (${c.user.id})` : c.user.id}</span>
              <span aria-hidden="true">·</span>
              <span>
                started <RelativeTime iso={c.created_at} />
              </span>
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={c.status} />
            <ConnectionIndicator view={view} />
            <Button asChild variant="secondary">
              <Link href={`/conversations/${encodeURIComponent(c.id)}/replay`}>
                <MonitorPlay className="size-4" aria-hidden="true" />
                Replay
              </Link>
            </Button>
            <ShareButton conversationId={c.id} />
            {scenarios.allowed && finished ? (
              <Button variant="secondary" onClick={() => setSaving(true)}>
                <FlaskConical className="size-4" aria-hidden="true" />
                Save as scenario
              </Button>
            ) : null}
            {lead.allowed ? (
              <Button
                variant="secondary"
                onClick={() => setEscalating(true)}
                disabled={seen.has('escalated')}
              >
                <LifeBuoy className="size-4" aria-hidden="true" />
                Escalate
              </Button>
            ) : null}
          </div>
        </div>
      </div>

      <Card className="px-4 py-3">
        <ProgressStepper status={c.status} kind={c.kind} seen={seen} />
      </Card>
      <p className="sr-only" role="status" aria-live="polite">
        {`Status: ${STATUS_LABEL[c.status]}`}
      </p>

      <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-4">
          {warnings.length && !timeline.items.some((i) => i.kind === 'warnings') ? (
            <Callout tone="warning" title="Fin ignored some attributes">
              <ul className="list-disc pl-5">
                {warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Callout>
          ) : null}

          <Card className="p-4 sm:p-5">
            {/* Drift marks change row heights: the list is laid out once, with them, so it opens at the bottom. */}
            {driftOf ? <Timeline items={timeline.items} working={working} /> : <TimelineSkeleton />}
          </Card>

          {timeline.csatOffer && lead.allowed ? (
            <CsatPanel conversationId={c.id} options={timeline.csatOffer} />
          ) : null}
          {timeline.csat ? (
            <CsatResult
              rating={timeline.csat.rating}
              remark={timeline.csat.remark}
              options={timeline.csatOptions}
            />
          ) : null}

          {isAsk ? (
            <Callout
              tone="info"
              title="Ask is one-shot: no follow-ups"
              actions={
                !seen.has('escalated') && lead.allowed ? (
                  <Button size="sm" variant="secondary" onClick={() => setEscalating(true)}>
                    <LifeBuoy className="size-4" aria-hidden="true" />
                    Escalate to a human
                  </Button>
                ) : null
              }
            >
              Fin answers an Ask once and does not take a reply. If the user needs more, escalate it to your
              team.
            </Callout>
          ) : awaiting ? (
            <Card className="p-4">
              <h2 className="mb-1 flex items-center gap-2 text-base font-semibold">
                <MessageCircleQuestion className="size-4 text-amber-600" aria-hidden="true" />
                Fin is waiting for the user
              </h2>
              {lead.allowed ? (
                <>
                  <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
                    Type the user&apos;s answer to continue the run.
                  </p>
                  <ReplyComposer conversationId={c.id} user={c.user} />
                </>
              ) : (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  {lead.reason}: a lead types the user&apos;s answer here to continue the run.
                </p>
              )}
            </Card>
          ) : paused ? (
            <p className="flex items-center gap-2 text-sm text-amber-800 dark:text-amber-300">
              <Hand className="size-4" aria-hidden="true" />
              Paused until a teammate answers{' '}
              {timeline.pendingHitl.length === 1 ? 'the step' : `${timeline.pendingHitl.length} steps`} in the
              HITL inbox; the run then continues here.
            </p>
          ) : working ? (
            <p className="flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
              <Loader2 className="size-4 animate-spin" aria-hidden="true" />
              Fin is {c.status === 'thinking' ? 'thinking' : 'replying'}…
            </p>
          ) : finished ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              {seen.has('escalated')
                ? 'Escalated: a teammate continues in Intercom.'
                : 'Fin has finished this run. Control is back with you.'}
            </p>
          ) : null}
        </div>

        <aside className="space-y-4" aria-label="Conversation details">
          <Card className="p-4">
            <h2 className="mb-2 text-base font-semibold">Details</h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-sm">
              <dt className="text-zinc-500 dark:text-zinc-400">Kind</dt>
              <dd>
                <Badge>{KIND_LABEL[c.kind]}</Badge>
              </dd>
              {c.procedure_id ? (
                <>
                  <dt className="text-zinc-500 dark:text-zinc-400">Procedure</dt>
                  <dd>
                    {c.procedure_name ?? '—'}{' '}
                    <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">
                      ({c.procedure_id})
                    </span>
                  </dd>
                </>
              ) : null}
              <dt className="text-zinc-500 dark:text-zinc-400">User</dt>
              <dd className="min-w-0 break-words">
                <span className="font-mono">{c.user.id}</span>
                {c.user.email ? (
                  <span className="block text-xs text-zinc-500 dark:text-zinc-400">{c.user.email}</span>
                ) : null}
              </dd>
              {c.user.attributes && Object.keys(c.user.attributes).length ? (
                <>
                  <dt className="text-zinc-500 dark:text-zinc-400">Attributes</dt>
                  <dd className="font-mono text-xs">
                    {Object.entries(c.user.attributes).map(([k, v]) => (
                      <span key={k} className="block">
                        {k}={JSON.stringify(v)}
                      </span>
                    ))}
                  </dd>
                </>
              ) : null}
              {c.intercom_conversation_id ? (
                <>
                  <dt className="text-zinc-500 dark:text-zinc-400">Intercom id</dt>
                  <dd className="flex items-center gap-2 font-mono">
                    {c.intercom_conversation_id}
                    <CopyButton text={c.intercom_conversation_id} label="Copy" size="sm" variant="ghost" />
                  </dd>
                </>
              ) : null}
              <dt className="text-zinc-500 dark:text-zinc-400">Updated</dt>
              <dd>
                <RelativeTime iso={c.updated_at} />
              </dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Events</dt>
              <dd>{events.length}</dd>
            </dl>
            {hasWarnings(c.warnings) ? (
              <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">Has attribute warnings.</p>
            ) : null}
            {timeline.pendingHitl.length ? (
              <p className="mt-2 flex items-center gap-1 text-xs text-amber-700 dark:text-amber-300">
                <Hand className="size-3.5" aria-hidden="true" /> Waiting on a teammate
              </p>
            ) : null}
          </Card>
          <WhatIfCard
            conversationId={c.id}
            answeredStepIds={timeline.items.flatMap((i) =>
              i.kind === 'hitl' && i.answeredBy ? [i.stepId] : [],
            )}
            finished={finished}
          />
          <section
            aria-labelledby="inspector-heading"
            className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
          >
            <h2 id="inspector-heading" className="mb-2 text-base font-semibold">
              API calls
            </h2>
            <CallsList conversationId={c.id} />
          </section>
        </aside>
      </div>

      <EscalateDialog open={escalating} onOpenChange={setEscalating} conversationId={c.id} />
      <SaveScenarioDialog open={saving} onOpenChange={setSaving} conversationId={c.id} />
    </div>
  );
}

function TimelineSkeleton() {
  return (
    <div role="status" className="space-y-3" aria-busy="true" aria-label="Loading the timeline">
      <Skeleton className="h-16 w-3/4" />
      <Skeleton className="ml-auto h-10 w-1/2" />
      <Skeleton className="h-16 w-2/3" />
    </div>
  );
}

function ConversationSkeleton() {
  return (
    <div className="space-y-5" role="status" aria-busy="true" aria-label="Loading conversation">
      <Skeleton className="h-4 w-28" />
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-12 w-full" />
      <div className="grid gap-5 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <TimelineSkeleton />
        <Skeleton className="h-64" />
      </div>
    </div>
  );
}
