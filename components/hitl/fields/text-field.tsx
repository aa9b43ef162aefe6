'use client';

import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useHitlField, type HitlFieldProps } from './shared';

/** string: one line of text. */
export function TextField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  return (
    <Field id={id} label={field.label} required error={error}>
      <Input type="text" autoComplete="off" disabled={disabled} {...form.register(field.key)} />
    </Field>
  );
}
