'use client';

import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useHitlField, type HitlFieldProps } from './shared';

/** integer: a number input stepping by one; the schema refuses decimals. */
export function IntegerField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  return (
    <Field id={id} label={field.label} required error={error} hint="A whole number.">
      {/* A block wrapper keeps the narrow input under its label. */}
      <div>
        <Input
          type="number"
          step={1}
          inputMode="numeric"
          className="max-w-48"
          disabled={disabled}
          {...form.register(field.key)}
        />
      </div>
    </Field>
  );
}
