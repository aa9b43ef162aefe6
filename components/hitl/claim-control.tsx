'use client';

import { Lock, LockOpen } from 'lucide-react';
import { useCallback, useState } from 'react';
import { notify } from '@/components/ui/notify';
import { Button } from '@/components/ui/button';
import type { HitlStep } from '@/lib/console/types';
import { useClaimStep, useReleaseStep } from '@/lib/client/queries/hitl';
import type { Permission } from '@/lib/client/roles';
import { useCan, useViewer } from '@/lib/client/session';
import { claimState, formatCountdown, isExpired, type Viewer } from '@/lib/hitl-form/step';
import { useNow } from './use-now';

/** Claim and release for a whole list through one pair of mutations, not two observers per row. */
export function useClaimActions() {
  const claim = useClaimStep();
  const release = useReleaseStep();
  const [busy, setBusy] = useState<ReadonlySet<string>>(() => new Set());
  const mark = useCallback((stepId: string, on: boolean) => {
    setBusy((prev) => {
      const next = new Set(prev);
      if (on) next.add(stepId);
      else next.delete(stepId);
      return next;
    });
  }, []);
  const { mutate: claimMutate } = claim;
  const { mutate: releaseMutate } = release;
  const run = useCallback(
    (mutate: typeof claimMutate, failure: string, stepId: string) => {
      mark(stepId, true);
      mutate(
        { stepId },
        {
          onError: (e) => notify.message(failure, { description: e.message }),
          onSettled: () => mark(stepId, false),
        },
      );
    },
    [mark],
  );
  const onClaim = useCallback(
    (stepId: string) => run(claimMutate, 'Could not claim the step', stepId),
    [run, claimMutate],
  );
  const onRelease = useCallback(
    (stepId: string) => run(releaseMutate, 'Could not release the step', stepId),
    [run, releaseMutate],
  );
  return { busy, onClaim, onRelease };
}

/** Claim or release a pending step so two teammates don't work on it at once; claims lapse after five minutes. */
export function ClaimControl({ step }: { step: HitlStep }) {
  const { busy, onClaim, onRelease } = useClaimActions();
  return (
    <ClaimButtons
      step={step}
      now={useNow()}
      me={useViewer()}
      may={useCan('answerStep')}
      busy={busy.has(step.step_id)}
      onClaim={onClaim}
      onRelease={onRelease}
    />
  );
}

export interface ClaimContext {
  now: number;
  me: Viewer;
  may: Permission;
  busy: boolean;
  onClaim: (stepId: string) => void;
  onRelease: (stepId: string) => void;
}

/** The claim controls without hooks: a list passes the clock, session and actions down. */
export function ClaimButtons({
  step,
  now,
  me,
  may,
  busy,
  onClaim,
  onRelease,
  compact = false,
}: ClaimContext & { step: HitlStep; compact?: boolean }) {
  if (step.status !== 'pending' || isExpired(step, now)) return null;
  const state = claimState(step, me, now);
  const what = compact ? `: ${step.hitl_question}` : '';

  if (state.kind === 'other') {
    return compact ? null : (
      <p className="flex items-center gap-1.5 text-sm text-violet-800 dark:text-violet-300">
        <Lock className="size-4" aria-hidden="true" />
        <span>
          <strong>{state.by}</strong> is working on this step · claim lapses in{' '}
          <span className="tabular-nums">{formatCountdown(state.msLeft)}</span>
        </span>
      </p>
    );
  }
  if (state.kind === 'mine') {
    return (
      <div className="flex items-center gap-2">
        {compact ? null : (
          <span className="text-sm text-zinc-600 dark:text-zinc-400">
            Claimed by you · lapses in <span className="tabular-nums">{formatCountdown(state.msLeft)}</span>
          </span>
        )}
        {compact ? null : (
          <Button size="sm" variant="ghost" onClick={() => onClaim(step.step_id)} disabled={busy}>
            Renew
          </Button>
        )}
        <Button
          size="sm"
          variant="secondary"
          onClick={() => onRelease(step.step_id)}
          disabled={busy}
          aria-label={`Release${what}`}
        >
          <LockOpen className="size-3.5" aria-hidden="true" />
          Release
        </Button>
      </div>
    );
  }
  if (!may.allowed) {
    return compact ? null : (
      <span className="text-sm text-zinc-600 dark:text-zinc-400">
        Nobody is working on this step. {may.reason}.
      </span>
    );
  }
  return (
    <div className="flex items-center gap-2">
      {compact ? null : (
        <span className="text-sm text-zinc-600 dark:text-zinc-400">Nobody is working on this step.</span>
      )}
      <Button
        size="sm"
        variant="secondary"
        onClick={() => onClaim(step.step_id)}
        disabled={busy}
        aria-label={`Claim${what}`}
      >
        <Lock className="size-3.5" aria-hidden="true" />
        Claim
      </Button>
    </div>
  );
}
