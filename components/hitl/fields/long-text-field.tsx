'use client';

import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { useHitlField, type HitlFieldProps } from './shared';

/** string whose name suggests a note, reason or description: room to write. */
export function LongTextField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  return (
    <Field id={id} label={field.label} required error={error}>
      <Textarea rows={4} disabled={disabled} {...form.register(field.key)} />
    </Field>
  );
}
