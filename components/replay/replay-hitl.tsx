'use client';

import { useMemo } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { FIELD_COMPONENTS, type RawValues } from '@/components/hitl/fields';
import { fullTime } from '@/components/ui/relative-time';
import type { ReplayHitl } from '@/lib/console/replay';
import { formatAttributeValue } from '@/lib/hitl-form/display';
import { buildHitlForm, toRawValue } from '@/lib/hitl-form/registry';

/** The replay's attributes as the form registry reads them (identifiers are not part of a replay). */
const attributesOf = (hitl: ReplayHitl) => hitl.attributes.map((a, i) => ({ ...a, identifier: `a${i}` }));

function Answerer({ hitl }: { hitl: ReplayHitl }) {
  if (hitl.state !== 'answered')
    return (
      <p className="text-base text-zinc-600 dark:text-zinc-400">
        {hitl.state === 'failed'
          ? 'This step was never answered: it failed or was refused.'
          : 'Not answered yet.'}
      </p>
    );
  return (
    <p className="text-base text-zinc-700 dark:text-zinc-300">
      Answered by <span className="font-semibold">{hitl.answered_by ?? 'a teammate'}</span>
      {hitl.answered_at ? <> at {fullTime(hitl.answered_at)}</> : null}
    </p>
  );
}

/** The decision as the teammate saw it: the same fields, disabled, holding the answer they gave. */
export function ReplayHitlForm({ hitl }: { hitl: ReplayHitl }) {
  const form = useMemo(() => buildHitlForm(attributesOf(hitl)), [hitl]);
  const defaults = useMemo(
    () =>
      Object.fromEntries(
        form.fields.map((f, i) => [f.key, toRawValue(f, hitl.attributes[i]?.value ?? null)]),
      ),
    [form.fields, hitl.attributes],
  );
  const methods = useForm<RawValues>({ defaultValues: defaults });
  return (
    <div className="space-y-4">
      <FormProvider {...methods}>
        {/* Inert: nothing here can be changed or sent, the answer is history. */}
        <form aria-label="The teammate's form" className="space-y-4" onSubmit={(e) => e.preventDefault()}>
          {form.fields.map((field) => {
            const Component = FIELD_COMPONENTS[field.kind];
            return <Component key={field.key} field={field} disabled />;
          })}
        </form>
      </FormProvider>
      <Answerer hitl={hitl} />
    </div>
  );
}

/** A past decision in one line per answer, so earlier ones don't crowd the current step. */
export function ReplayHitlSummary({ hitl }: { hitl: ReplayHitl }) {
  const attributes = attributesOf(hitl);
  return (
    <div className="space-y-1">
      <ul className="space-y-0.5 text-base">
        {hitl.attributes.map((a, i) => (
          <li key={i}>
            <span className="text-zinc-600 dark:text-zinc-400">{a.label || a.name}: </span>
            <span className="font-medium">
              {a.value === null ? '—' : formatAttributeValue(attributes[i], a.value)}
            </span>
          </li>
        ))}
      </ul>
      <Answerer hitl={hitl} />
    </div>
  );
}
