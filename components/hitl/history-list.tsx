'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { CheckCircle2 } from 'lucide-react';
import Link from 'next/link';
import { memo, useRef } from 'react';
import type { HitlStep } from '@/lib/console/types';
import { describeAnswers } from '@/lib/hitl-form/display';
import { conversationLink, formatDuration, procedureLabel, questionLabel } from '@/lib/hitl-form/step';
import { useEndUserOf } from './end-users';
import { useNow } from './use-now';

/** Answered steps with who answered, when, and the values (list values by label), virtualised. */
export function HistoryList({ steps }: { steps: HitlStep[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const whoOf = useEndUserOf();
  // The virtualizer is a live object read on every render; nothing here is memoised across renders.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: steps.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 128,
    overscan: 6,
    getItemKey: (i) => steps[i]?.step_id ?? i,
  });
  return (
    <div
      ref={scrollRef}
      className="max-h-[calc(100vh-17rem)] min-h-64 [scrollbar-gutter:stable] overflow-y-auto rounded-lg"
    >
      <ul
        role="list"
        aria-label="Answered steps"
        className="relative w-full"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const step = steps[item.index];
          if (!step) return null;
          return (
            <li
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              aria-setsize={steps.length}
              aria-posinset={item.index + 1}
              className="absolute top-0 left-0 w-full pb-2"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <HistoryRow step={step} who={whoOf(step)} />
            </li>
          );
        })}
      </ul>
    </div>
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
