import { Check } from 'lucide-react';
import type { ConversationKind } from '@/lib/console/types';
import type { FinStatus } from '@/lib/fin';
import { cn } from '@/lib/utils';
import { progressSteps, type Step } from './status';

type StepState = Step['state'];

const PILL: Record<StepState, string> = {
  done: 'text-emerald-800 dark:text-emerald-300',
  current: 'bg-brand-600 text-white shadow-sm',
  upcoming: 'text-zinc-500 dark:text-zinc-400',
  skipped: 'text-zinc-500 line-through decoration-zinc-400 dark:text-zinc-400',
};

const MARK: Record<StepState, string> = {
  done: 'border-emerald-600 bg-emerald-600 text-white',
  current: 'border-white',
  upcoming: 'border-zinc-300 dark:border-zinc-600',
  skipped: 'border-dashed border-zinc-400 dark:border-zinc-500',
};

const SPOKEN: Record<StepState, string> = {
  done: ' (done)',
  current: ' (current)',
  upcoming: '',
  skipped: ' (skipped)',
};

/** Where the run stands: thinking → replying → awaiting reply → resolved / escalated → complete. */
export function ProgressStepper({
  status,
  kind,
  seen,
}: {
  status: FinStatus;
  kind: ConversationKind;
  seen: ReadonlySet<FinStatus>;
}) {
  const steps = progressSteps(status, kind, seen);
  return (
    <ol aria-label="Progress" className="flex flex-wrap items-center gap-y-2">
      {steps.map((s, i) => (
        <li
          key={s.status}
          aria-current={s.state === 'current' ? 'step' : undefined}
          className="flex items-center"
          data-state={s.state}
        >
          <span
            className={cn(
              'flex items-center gap-2 rounded-full px-2.5 py-1 text-xs font-medium',
              PILL[s.state],
            )}
          >
            <span
              aria-hidden="true"
              className={cn('grid size-4 place-items-center rounded-full border text-[10px]', MARK[s.state])}
            >
              {s.state === 'done' ? (
                <Check className="size-3" />
              ) : s.state === 'current' ? (
                <span className="size-1.5 animate-pulse rounded-full bg-white" />
              ) : null}
            </span>
            {s.label}
            <span className="sr-only">{SPOKEN[s.state]}</span>
          </span>
          {i < steps.length - 1 ? (
            <span
              aria-hidden="true"
              className={cn(
                'mx-1 h-px w-6',
                s.state === 'done' || s.state === 'skipped'
                  ? 'bg-emerald-500'
                  : 'bg-zinc-300 dark:bg-zinc-700',
              )}
            />
          ) : null}
        </li>
      ))}
    </ol>
  );
}
