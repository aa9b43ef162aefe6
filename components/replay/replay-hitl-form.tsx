'use client';

import { useMemo } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { FIELD_COMPONENTS, type RawValues } from '@/components/hitl/fields';
import type { ReplayHitl } from '@/lib/console/replay';
import { buildHitlForm, toRawValue } from '@/lib/hitl-form/registry';
import { Answerer, attributesOf } from './replay-hitl';

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
        {/* Disabled, the answer is history; full opacity so the audience can read it. */}
        <form
          aria-label="The teammate's form"
          className="space-y-4 [&_*]:opacity-100!"
          onSubmit={(e) => e.preventDefault()}
        >
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
