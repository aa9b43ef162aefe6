'use client';

import { Lock, LockOpen } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import type { HitlStep } from '@/lib/console/types';
import { useClaimStep, useReleaseStep } from '@/lib/client/queries/hitl';
import { useCan, useSession } from '@/lib/client/session';
import { claimState, formatCountdown, isExpired } from '@/lib/hitl-form/step';
import { useNow } from './use-now';

/**
 * Claim or release a pending step so two teammates don't work on it at once. Everyone sees
 * the claim (it comes back through the live stream); it lapses after five minutes.
 */
export function ClaimControl({ step, compact = false }: { step: HitlStep; compact?: boolean }) {
  const now = useNow();
  const me = useSession()?.name ?? '';
  const may = useCan('answerStep');
  const claim = useClaimStep();
  const release = useReleaseStep();
  if (step.status !== 'pending' || isExpired(step, now)) return null;
  const state = claimState(step, me, now);
  const busy = claim.isPending || release.isPending;
  const what = compact ? `: ${step.hitl_question}` : '';

  const onClaim = () =>
    claim.mutate(
      { stepId: step.step_id },
      { onError: (e) => toast('Could not claim the step', { description: e.message }) },
    );
  const onRelease = () =>
    release.mutate(
      { stepId: step.step_id },
      { onError: (e) => toast('Could not release the step', { description: e.message }) },
    );

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
          <Button size="sm" variant="ghost" onClick={onClaim} disabled={busy}>
            Renew
          </Button>
        )}
        <Button
          size="sm"
          variant="secondary"
          onClick={onRelease}
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
      <Button size="sm" variant="secondary" onClick={onClaim} disabled={busy} aria-label={`Claim${what}`}>
        <Lock className="size-3.5" aria-hidden="true" />
        Claim
      </Button>
    </div>
  );
}
