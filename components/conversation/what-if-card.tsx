'use client';

import { GitCompareArrows, GitFork } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Badge, Card, Skeleton } from '@/components/ui/card';
import { preloadedDialog } from '@/components/ui/preloaded';
import { RelativeTime } from '@/components/ui/relative-time';
import { useForks } from '@/lib/client/queries/forks';
import { useHitlStep } from '@/lib/client/queries/hitl';
import { useCan } from '@/lib/client/session';
import { comparePath, type Fork } from '@/lib/console/forks';
import { describeAnswers } from '@/lib/hitl-form/display';

const ForkDialog = preloadedDialog(() => import('./fork-dialog').then((m) => m.ForkDialog));

/**
 * What-if forks of a finished run: per answered HITL step a way to replay it with another answer
 * (leads, on the simulator), and the forks made so far with a link to their comparison.
 */
export function WhatIfCard({
  conversationId,
  answeredStepIds,
  finished,
}: {
  conversationId: string;
  answeredStepIds: string[];
  finished: boolean;
}) {
  const forks = useForks(conversationId);
  const lead = useCan('run');
  const list = forks.data?.forks ?? [];
  if (answeredStepIds.length === 0 && list.length === 0) return null;
  if (!forks.data?.available && list.length === 0) return null;
  const canFork = lead.allowed && finished && forks.data?.available === true;

  return (
    <Card className="p-4">
      <h2 className="mb-1 flex items-center gap-2 text-base font-semibold">
        <GitFork className="size-4 text-zinc-500" aria-hidden="true" />
        What if…
      </h2>
      <p className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        {canFork
          ? 'Replay this run with another answer to a HITL step and compare the two.'
          : !finished
            ? 'Once Fin has finished, a lead can replay this run with another HITL answer.'
            : !lead.allowed
              ? `${lead.reason}: a lead can replay this run with another HITL answer.`
              : 'Forks of this run, replayed with another HITL answer.'}
      </p>
      {answeredStepIds.length > 0 ? (
        <ul className="space-y-2" aria-label="Answered HITL steps">
          {answeredStepIds.map((id) => (
            <StepRow key={id} conversationId={conversationId} stepId={id} canFork={canFork} />
          ))}
        </ul>
      ) : null}
      {list.length > 0 ? (
        <div className="mt-3 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <h3 className="mb-1.5 text-sm font-medium">Forks</h3>
          <ul className="space-y-1.5" aria-label="Forks of this run">
            {list.map((f) => (
              <ForkRow key={f.conversation_id} conversationId={conversationId} fork={f} />
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}

function StepRow({
  conversationId,
  stepId,
  canFork,
}: {
  conversationId: string;
  stepId: string;
  canFork: boolean;
}) {
  const step = useHitlStep(stepId);
  const [open, setOpen] = useState(false);
  if (step.isPending)
    return (
      <li>
        <Skeleton className="h-12" />
      </li>
    );
  if (step.isError) return <li className="text-sm text-red-700 dark:text-red-400">{step.error.message}</li>;
  const s = step.data;
  const answers = s.attribute_values ? describeAnswers(s.attributes, s.attribute_values) : [];
  return (
    <li className="rounded-md border border-zinc-200 p-2.5 dark:border-zinc-800">
      <p className="text-sm font-medium">{s.hitl_question}</p>
      {answers.length ? (
        <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          Answered {answers.map((a) => `${a.label}: ${a.text}`).join(' · ')}
        </p>
      ) : null}
      {canFork && s.status === 'submitted' ? (
        <>
          <Button size="sm" variant="secondary" className="mt-2" onClick={() => setOpen(true)}>
            <GitFork className="size-3.5" aria-hidden="true" />
            What if…
            <span className="sr-only"> (answer “{s.hitl_question}” differently)</span>
          </Button>
          <ForkDialog open={open} onOpenChange={setOpen} conversationId={conversationId} step={s} />
        </>
      ) : null}
    </li>
  );
}

function ForkRow({ conversationId, fork }: { conversationId: string; fork: Fork }) {
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
      <Link
        href={comparePath(conversationId, fork.conversation_id)}
        className="text-brand-700 dark:text-brand-300 inline-flex items-center gap-1 font-medium hover:underline"
      >
        <GitCompareArrows className="size-3.5" aria-hidden="true" />
        Compare
        <span className="sr-only"> with fork {fork.conversation_id}</span>
      </Link>
      <span className="text-zinc-600 dark:text-zinc-400">
        by {fork.created_by}, <RelativeTime iso={fork.created_at} />
      </span>
      {fork.status !== 'finished' ? (
        <Badge tone={fork.status === 'error' ? 'red' : 'brand'}>
          {fork.status === 'error' ? 'stopped' : 'running'}
        </Badge>
      ) : null}
    </li>
  );
}
