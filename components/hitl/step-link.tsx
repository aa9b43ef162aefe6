'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Card } from '@/components/ui/card';
import { RadioCard } from '@/components/ui/radio-card';
import { notify } from '@/components/ui/notify';
import { RelativeTime } from '@/components/ui/relative-time';
import { useHitlLink, useSetStepLink } from '@/lib/client/queries/hitl';
import { useCan } from '@/lib/client/session';
import type { HitlStep, LinkCandidate, LinkEvidence } from '@/lib/console/types';
import { cn } from '@/lib/utils';
import { LinkBadge } from './link-badge';

const weightMark: Record<LinkEvidence['weight'], { sign: string; label: string; cls: string }> = {
  for: { sign: '+', label: 'supports', cls: 'text-emerald-700 dark:text-emerald-400' },
  against: { sign: '−', label: 'weighs against', cls: 'text-red-700 dark:text-red-400' },
  unknown: { sign: '?', label: 'could not be checked', cls: 'text-zinc-500 dark:text-zinc-400' },
};

function EvidenceList({ evidence, className }: { evidence: LinkEvidence[]; className?: string }) {
  if (evidence.length === 0) return null;
  return (
    <ul className={cn('space-y-0.5 text-xs text-zinc-700 dark:text-zinc-300', className)}>
      {evidence.map((e, i) => {
        const mark = weightMark[e.weight];
        return (
          <li key={`${e.kind}-${i}`} className="flex gap-1.5">
            <span className={cn('w-3 shrink-0 text-center font-semibold', mark.cls)} aria-hidden="true">
              {mark.sign}
            </span>
            <span>
              <span className="sr-only">{mark.label}: </span>
              {e.detail}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** Why the step is linked where it is, and (for a lead) the runs it could be linked to instead. */
export function StepLinkPanel({ step }: { step: HitlStep }) {
  const may = useCan('linkStep');
  const [open, setOpen] = useState(false);
  const headingId = useId();
  const fixed = step.link === 'intercom_id';
  return (
    <Card className="p-4" aria-labelledby={headingId} role="region">
      <div className="flex items-center justify-between gap-2">
        <h2 id={headingId} className="text-sm font-semibold">
          Run
        </h2>
        <LinkBadge step={step} />
      </div>
      {step.external_conversation_id ? (
        <p className="mt-2 text-sm">
          This step belongs to run{' '}
          <code className="font-mono text-xs break-all">{step.external_conversation_id}</code>
          {step.link_evidence.length === 0 || step.link === 'manual'
            ? '.'
            : step.link === 'inferred'
              ? ', inferred from:'
              : ':'}
        </p>
      ) : (
        <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
          {step.link === null && step.linked_by
            ? `${step.linked_by} marked this step as not belonging to any run of this console.`
            : 'No run of this console is clearly this step’s: Fin’s answers do not name the Intercom conversation, and the step’s procedure, end user and timing fit no single run.'}{' '}
          It can still be answered; the answer just won’t appear on a run’s timeline.
        </p>
      )}
      <EvidenceList evidence={step.link_evidence} className="mt-2" />
      {may.allowed && !fixed ? (
        open ? (
          <LinkChooser step={step} onDone={() => setOpen(false)} />
        ) : (
          <Button variant="secondary" size="sm" className="mt-3" onClick={() => setOpen(true)}>
            {step.external_conversation_id ? 'Change the run' : 'Link to a run'}
          </Button>
        )
      ) : null}
    </Card>
  );
}

const NONE = '';

/** Candidate runs, best first, as radio cards; the lead picks one, or "not linked". */
function LinkChooser({ step, onDone }: { step: HitlStep; onDone: () => void }) {
  const view = useHitlLink(step.step_id, true);
  const save = useSetStepLink();
  const groupId = useId();
  const [choice, setChoice] = useState<string>(step.external_conversation_id ?? NONE);
  const candidates: LinkCandidate[] = view.data?.candidates ?? [];
  const current = step.external_conversation_id;
  const listed = current && !candidates.some((c) => c.conversation_id === current);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    save.mutate(
      { stepId: step.step_id, body: { conversation_id: choice === NONE ? null : choice } },
      {
        onSuccess: () => {
          notify.success(choice === NONE ? 'Marked as not linked' : `Linked to ${choice}`);
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="mt-3 space-y-3">
      {view.isPending ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Looking for runs this step could belong to…
        </p>
      ) : view.isError ? (
        <Callout tone="error" title="The candidate runs could not be loaded">
          {view.error.message}
        </Callout>
      ) : (
        <fieldset className="space-y-2" aria-describedby={`${groupId}-hint`}>
          <legend className="text-sm font-medium">Which run is this step from?</legend>
          <p id={`${groupId}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
            {candidates.length === 0
              ? 'No procedure run of the last day fits this step.'
              : 'Procedure runs that fit, best first, with what fits and what does not.'}
          </p>
          {listed ? (
            <Choice
              id={`${groupId}-current`}
              value={current}
              choice={choice}
              onChoose={setChoice}
              title={current}
            />
          ) : null}
          {candidates.map((c) => (
            <Choice
              key={c.conversation_id}
              id={`${groupId}-${c.conversation_id}`}
              value={c.conversation_id}
              choice={choice}
              onChoose={setChoice}
              title={c.conversation_id}
            >
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                {c.procedure_name ?? 'Procedure not known'} · {c.user.name ?? c.user.email ?? c.user.id} ·{' '}
                {c.status.replaceAll('_', ' ')} · started <RelativeTime iso={c.created_at} />
              </span>
              <EvidenceList evidence={c.evidence} className="mt-1" />
            </Choice>
          ))}
          <Choice id={`${groupId}-none`} value={NONE} choice={choice} onChoose={setChoice} title="Not linked">
            <span className="block text-xs text-zinc-600 dark:text-zinc-400">
              The step belongs to no run of this console.
            </span>
          </Choice>
        </fieldset>
      )}
      {save.isError ? (
        <Callout tone="error" title="The link was not saved">
          {save.error.message}
        </Callout>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={save.isPending || view.isPending}>
          {save.isPending ? 'Saving…' : 'Save link'}
        </Button>
        <Button type="button" variant="ghost" size="sm" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function Choice({
  id,
  value,
  choice,
  onChoose,
  title,
  children,
}: {
  id: string;
  value: string;
  choice: string;
  onChoose: (v: string) => void;
  title: string;
  children?: React.ReactNode;
}) {
  return (
    <RadioCard
      id={id}
      name="link-run"
      value={value}
      checked={choice === value}
      onChange={() => onChoose(value)}
      className="w-full items-start [&>input]:mt-0.5 [&>input]:shrink-0 [&>span]:min-w-0"
      label={
        <span className="block min-w-0">
          <span className="block truncate font-mono text-xs font-medium">{title}</span>
          {children}
        </span>
      }
    />
  );
}
