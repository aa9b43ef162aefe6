'use client';

import { AlertTriangle, ArrowLeft, SearchX } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Card, EmptyState, Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import { ApiError } from '@/lib/client/api';
import { useHitlStep } from '@/lib/client/queries/hitl';
import { useCan, useViewer } from '@/lib/client/session';
import type { HitlStep } from '@/lib/console/types';
import { describeAnswers } from '@/lib/hitl-form/display';
import { answerability, formatDuration, procedureLabel, questionLabel, stepGaps } from '@/lib/hitl-form/step';
import { ClaimControl } from './claim-control';
import { useInboxStore } from './inbox-store';
import { ConversationLink } from './conversation-link';
import { PriorityBadge, Waiting } from './step-meta';
import { useNow } from './use-now';

const StepForm = preloaded(() => import('./step-form').then((m) => m.StepForm), FormSkeleton);
// What sits beside the form (details, what was said) loads with it, not before it.
const StepContext = preloaded(
  () => import('./step-context').then((m) => m.StepContext),
  () => <Skeleton className="h-64" />,
);

/** The step page: what is asked, the form that answers it, and the context beside it. */
export function StepView({ stepId }: { stepId: string }) {
  const stream = useInboxStore((s) => s.stream);
  const query = useHitlStep(stepId, { poll: stream !== 'live' });
  return (
    <div className="mx-auto max-w-6xl">
      <nav aria-label="Breadcrumb" className="mb-4">
        <Link
          href="/inbox"
          className="focus-visible:ring-brand-500 inline-flex items-center gap-1.5 rounded text-sm text-zinc-600 hover:text-zinc-900 focus-visible:ring-2 focus-visible:outline-none dark:text-zinc-400 dark:hover:text-zinc-100"
        >
          <ArrowLeft className="size-4" aria-hidden="true" />
          HITL inbox
        </Link>
      </nav>
      {query.data ? (
        <StepDetail step={query.data} />
      ) : query.isError ? (
        query.error instanceof ApiError && query.error.status === 404 ? (
          <>
            <h1 className="sr-only">Step not found</h1>
            <EmptyState
              icon={<SearchX className="size-8" aria-hidden="true" />}
              title="This step does not exist"
              action={
                <Button asChild variant="secondary">
                  <Link href="/inbox">Back to the inbox</Link>
                </Button>
              }
            >
              No HITL step has the id <code className="font-mono">{stepId}</code>. It may have come from
              another console.
            </EmptyState>
          </>
        ) : (
          <>
            <h1 className="sr-only">HITL step</h1>
            <EmptyState
              tone="error"
              icon={<AlertTriangle className="size-8 text-red-500" aria-hidden="true" />}
              title="The step could not be loaded"
              action={<Button onClick={() => void query.refetch()}>Try again</Button>}
            >
              {query.error.message}
            </EmptyState>
          </>
        )
      ) : (
        <StepSkeleton />
      )}
    </div>
  );
}

/** Names what the notification left out, so a blank reads as Fin's omission, not the console's. */
function Gaps({ step }: { step: HitlStep }) {
  const gaps = stepGaps(step);
  if (gaps.length === 0) return null;
  return (
    <p data-testid="step-gaps" className="text-sm text-amber-800 dark:text-amber-300">
      <AlertTriangle className="mr-1.5 inline size-4 align-[-3px]" aria-hidden="true" />
      The notification came without: {gaps.join(', ')}. The step can still be answered.
    </p>
  );
}

function StepDetail({ step }: { step: HitlStep }) {
  const me = useViewer();
  const may = useCan('answerStep');
  const now = useNow();
  const [answeredHere, setAnsweredHere] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const can = answerability(step, me, now);
  const answered = step.status === 'submitted';
  const blocked = refusal ? refusal.message : !can.ok ? can.message : may.allowed ? null : `${may.reason}.`;

  return (
    <>
      <header className="mb-5 space-y-2">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          <PriorityBadge priority={step.priority} />
          <span className="font-semibold text-zinc-800 dark:text-zinc-200">{procedureLabel(step)}</span>
          <span aria-hidden="true">·</span>
          <span>HITL step</span>
          {!answered && step.status !== 'refused' ? (
            <>
              <span aria-hidden="true">·</span>
              <Waiting receivedAt={step.received_at} />
            </>
          ) : null}
        </p>
        <h1 className="max-w-4xl text-2xl leading-tight font-semibold tracking-tight text-pretty">
          {questionLabel(step)}
        </h1>
        <Gaps step={step} />
      </header>

      {step.status === 'pending' && can.ok !== false ? (
        <div className="mb-5 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-zinc-200 bg-white px-4 py-2.5 dark:border-zinc-800 dark:bg-zinc-900">
          <ClaimControl step={step} />
        </div>
      ) : null}
      {!can.ok && can.reason === 'claimed' && !refusal ? (
        <div className="mb-5 rounded-lg border border-violet-200 bg-violet-50 px-4 py-2.5 dark:border-violet-900 dark:bg-violet-950/30">
          <ClaimControl step={step} />
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <section aria-labelledby="answer-heading" className="min-w-0 space-y-4">
          {refusal ? <Refusal error={refusal} step={step} /> : null}
          {answered ? (
            <Answered step={step} here={answeredHere} />
          ) : (
            <>
              {!can.ok && can.reason === 'refused' ? (
                <Callout
                  tone="error"
                  title={<span id="answer-heading">Not answerable from the console</span>}
                  actions={<ConversationLink step={step} />}
                >
                  {can.message} If the request is genuine, answer it in Intercom.
                </Callout>
              ) : !refusal && !can.ok && can.reason !== 'claimed' ? (
                <Callout
                  tone="warning"
                  title={can.reason === 'expired' ? 'This step has expired' : 'This step cannot be answered'}
                >
                  {can.reason === 'expired' ? <ExpiredNote step={step} /> : can.message}
                </Callout>
              ) : null}
              {!can.ok && can.reason === 'refused' ? null : (
                <Card className="p-5">
                  <h2 id="answer-heading" className="mb-4 text-lg font-semibold">
                    Answer
                  </h2>
                  {!may.allowed && can.ok ? (
                    <Callout tone="info" title={`${may.reason}`} className="mb-5">
                      You are signed in as a viewer: you can read this step and its answer form, but not claim
                      or send it.
                    </Callout>
                  ) : null}
                  <StepForm
                    key={step.step_id}
                    step={step}
                    blocked={blocked}
                    onAnswered={() => {
                      setRefusal(null);
                      setAnsweredHere(true);
                    }}
                    onRefused={setRefusal}
                  />
                </Card>
              )}
            </>
          )}
        </section>
        <aside aria-label="Step details">
          <StepContext step={step} />
        </aside>
      </div>
    </>
  );
}

function ExpiredNote({ step }: { step: HitlStep }) {
  const at = step.expires_at ? new Date(step.expires_at * 1000) : null;
  return (
    <>
      {at ? (
        <>
          It expired at{' '}
          <time dateTime={at.toISOString()}>
            {at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
          </time>{' '}
          and
        </>
      ) : (
        'It'
      )}{' '}
      can no longer be answered. Fin follows the procedure’s timeout path instead.
    </>
  );
}

/** A refusal the form can't fix, said in place with what to check or what happened. */
function Refusal({ error, step }: { error: ApiError; step: HitlStep }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  let title: string;
  let body: React.ReactNode;
  if (error.status === 401) {
    title = 'The console’s Intercom app token was refused (401)';
    body = (
      <>
        {error.message}. HITL answers need an app token (<code>INTERCOM_ACCESS_TOKEN</code> or the OAuth
        connection) that is valid and not revoked; the Fin Agent API key is not accepted there.
      </>
    );
  } else if (error.status === 403) {
    title = 'Fin did not allow this answer (403)';
    body = (
      <>
        {error.message}. Check that the token’s app has the <code>write_conversations</code> scope, that the
        Procedures HITL API is enabled for the workspace, and that the admin behind the token can access this
        conversation.
      </>
    );
  } else if (error.status === 409) {
    title =
      step.status === 'submitted' && step.answered_by
        ? `Already answered by ${step.answered_by}`
        : error.message.replace(/\.$/, '');
    body = (
      <>
        Your answer was not sent. {step.status === 'submitted' ? 'The values that were sent are below.' : ''}
      </>
    );
  } else {
    title = 'This step can no longer be answered';
    body = (
      <>
        {error.message.replace(/\.$/, '')}. The conversation is gone or the request expired, so Fin follows
        the procedure’s timeout path. Your answer was not sent.
      </>
    );
  }
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="focus:outline-none">
      <Callout
        tone={error.status === 409 ? 'warning' : 'error'}
        title={title}
        actions={<ConversationLink step={step} />}
      >
        {body}
      </Callout>
    </div>
  );
}

function Answered({ step, here }: { step: HitlStep; here: boolean }) {
  const now = useNow();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (here) ref.current?.focus();
  }, [here]);
  const answers = describeAnswers(step.attributes, step.attribute_values ?? []);
  const at = step.answered_at ? Date.parse(step.answered_at) : null;
  return (
    <>
      {here ? (
        <div ref={ref} tabIndex={-1} className="focus:outline-none">
          <Callout
            tone="success"
            title="The run continues"
            actions={
              <ConversationLink step={step}>Follow it on the live conversation timeline</ConversationLink>
            }
          >
            Your answer reached Fin and the procedure has picked up from this step.
          </Callout>
        </div>
      ) : null}
      <Card className="p-5">
        <h2 id="answer-heading" className="text-lg font-semibold">
          Answered by {step.answered_by ?? 'someone else'}
        </h2>
        {at ? (
          <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
            <time dateTime={step.answered_at ?? undefined}>
              {new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
            </time>
            {now ? ` · ${formatDuration(now - at)} ago` : null}
          </p>
        ) : null}
        {answers.length ? (
          <dl className="mt-4 divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {answers.map((a) => (
              <div
                key={a.identifier}
                className="grid grid-cols-[minmax(0,14rem)_minmax(0,1fr)] gap-3 px-3 py-2 text-sm"
              >
                <dt className="text-zinc-600 dark:text-zinc-400">{a.label}</dt>
                <dd className="font-medium break-words">{a.text}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
            The values were given outside this console{step.outcome ? ` (${step.outcome})` : ''}.
          </p>
        )}
      </Card>
    </>
  );
}

function FieldSkeletons() {
  return Array.from({ length: 4 }, (_, i) => (
    <div key={i} className="space-y-2">
      <Skeleton className="h-3 w-32" />
      <Skeleton className="h-9 w-full" />
    </div>
  ));
}

function FormSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the answer form" className="space-y-4">
      <FieldSkeletons />
      <Skeleton className="h-9 w-32" />
    </div>
  );
}

function StepSkeleton() {
  return (
    <div role="status" aria-label="Loading the step" className="space-y-5">
      <h1 className="sr-only">Loading the HITL step</h1>
      <Skeleton className="h-4 w-48" />
      <Skeleton className="h-8 w-2/3" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="space-y-4 rounded-lg border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
          <FieldSkeletons />
        </div>
        <Skeleton className="h-64 w-full" />
      </div>
    </div>
  );
}
