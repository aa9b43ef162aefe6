'use client';

import { useState, type FormEvent } from 'react';
import { notify } from '@/components/ui/notify';
import { Card } from '@/components/ui/card';
import { CountedField } from '@/components/ui/char-count';
import { FormFailure } from '@/components/ui/form';
import { SubmitButton } from '@/components/ui/submit-button';
import { Textarea } from '@/components/ui/input';
import { useSubmitCsat } from '@/lib/client/queries/fin';
import type { CsatRating, CsatRequestedEvent } from '@/lib/fin';
import { cn } from '@/lib/utils';
import { CsatHeading } from './csat-heading';

type Option = CsatRequestedEvent['csat']['options'][number];

/** Fin asked for a rating: pick one of the offered options (by label), add a remark, submit. */
export function CsatPanel({ conversationId, options }: { conversationId: string; options: Option[] }) {
  const [rating, setRating] = useState<CsatRating | null>(null);
  const [remark, setRemark] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const csat = useSubmitCsat();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!rating) return;
    setFailure(null);
    try {
      await csat.mutateAsync({
        conversation_id: conversationId,
        rating,
        ...(remark.trim() ? { remark: remark.trim() } : {}),
      });
      const label = options.find((o) => o.key === rating)?.label ?? rating;
      notify.success(`Rating recorded: ${label}`);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : 'The rating was not recorded.');
    }
  };

  return (
    <Card className="p-4">
      <CsatHeading />
      <form className="mt-3 space-y-3" aria-label="Rate this conversation" onSubmit={(e) => void submit(e)}>
        <div role="group" aria-label="Rating" className="flex flex-wrap gap-2">
          {options.map((o) => (
            <button
              key={o.key}
              type="button"
              aria-pressed={rating === o.key}
              onClick={() => setRating(o.key)}
              className={cn(
                'focus-visible:ring-brand-500 flex min-w-20 flex-col items-center gap-1 rounded-lg border px-3 py-2 text-sm transition-colors focus-visible:ring-2 focus-visible:outline-none',
                rating === o.key
                  ? 'border-brand-500 bg-brand-50 text-brand-700 dark:bg-brand-700/25 dark:text-brand-100'
                  : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800',
              )}
            >
              <span aria-hidden="true" className="text-2xl leading-none">
                {o.emoji}
              </span>
              {o.label}
            </button>
          ))}
        </div>
        <CountedField id="csat-remark" label="Remark (optional)" count={remark.length}>
          <Textarea rows={2} value={remark} onChange={(e) => setRemark(e.target.value)} />
        </CountedField>
        <FormFailure title="The rating was not recorded" message={failure} />
        <div className="flex justify-end">
          <SubmitButton
            pending={csat.isPending}
            pendingLabel="Submitting…"
            disabled={!rating || csat.isPending}
          >
            Submit rating
          </SubmitButton>
        </div>
      </form>
    </Card>
  );
}
