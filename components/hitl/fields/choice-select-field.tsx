'use client';

import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/input';
import { useHitlField, type HitlFieldProps } from './shared';

/** list with many options: a select showing labels, valued by option id. */
export function ChoiceSelectField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  return (
    <Field id={id} label={field.label} required error={error}>
      <Select disabled={disabled} {...form.register(field.key)}>
        <option value="">Choose…</option>
        {field.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
