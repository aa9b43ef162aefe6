'use client';

import { CheckCircle2 } from 'lucide-react';
import Link from 'next/link';
import { memo } from 'react';
import type { HitlStep } from '@/lib/console/types';
import { describeAnswers } from '@/lib/hitl-form/display';
import { conversationLink, formatDuration, procedureLabel, questionLabel } from '@/lib/hitl-form/step';
import { useEndUserOf } from './end-users';
import { useNow } from './use-now';
import { useStepVirtualizer, VirtualStepList } from './virtual-step-list';

/** Answered steps with who answered, when, and the values (list values by label), virtualised. */
export function HistoryList({ steps }: { steps: HitlStep[] }) {
  const whoOf = useEndUserOf();
  const { scrollRef, virtualizer } = useStepVirtualizer(steps, 128);
  return (
    <VirtualStepList
      label="Answered steps"
      steps={steps}
      scrollRef={scrollRef}
      virtualizer={virtualizer}
      renderRow={(step) => <HistoryRow step={step} who={whoOf(step)} />}
    />
  );
}

const HistoryRow = memo(function HistoryRow({ step, who }: { step: HitlStep; who: string | null }) {
  const now = useNow();
  const answers = describeAnswers(step.attributes, step.attribute_values ?? []);
  const link = conversationLink(step);
  const at = step.answered_at ? Date.parse(step.answered_at) : null;
  return (
    <article className="rounded-lg border border-zinc-200 bg-white p-3.5 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        <CheckCircle2 className="size-3.5 text-emerald-600" aria-hidden="true" />
        <span className="font-semibold text-zinc-800 dark:text-zinc-200">{procedureLabel(step)}</span>
        <span aria-hidden="true">·</span>
        <span>{who ?? 'Unknown end user'}</span>
        <span aria-hidden="true">·</span>
        <span>
          answered by{' '}
          <strong className="font-semibold text-zinc-800 dark:text-zinc-200">
            {step.answered_by ?? 'someone else'}
          </strong>
        </span>
        {at ? (
          <time dateTime={step.answered_at ?? undefined} title={new Date(at).toLocaleString()}>
            {now ? `${formatDuration(now - at)} ago` : new Date(at).toLocaleString()}
          </time>
        ) : null}
      </div>
      <h3 className="mt-1 text-[15px] leading-snug font-medium">
        <Link
          href={`/inbox/${encodeURIComponent(step.step_id)}`}
          className="hover:text-brand-700 focus-visible:ring-brand-500 rounded hover:underline focus-visible:ring-2 focus-visible:outline-none"
        >
          {questionLabel(step)}
        </Link>
      </h3>
      {answers.length ? (
        <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {answers.map((a) => (
            <div key={a.identifier} className="flex gap-1.5">
              <dt className="text-zinc-600 dark:text-zinc-400">{a.label}:</dt>
              <dd className="font-medium">{a.text}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {link ? (
        <p className="mt-2 text-xs">
          {link.external ? (
            <a
              href={link.href}
              target="_blank"
              rel="noopener noreferrer"
              className="text-brand-700 dark:text-brand-100 underline"
            >
              Open the conversation in Intercom
            </a>
          ) : (
            <Link href={link.href} className="text-brand-700 dark:text-brand-100 underline">
              Open the conversation
            </Link>
          )}
        </p>
      ) : null}
    </article>
  );
});
