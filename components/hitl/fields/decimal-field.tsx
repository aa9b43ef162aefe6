'use client';

import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useHitlField, type HitlFieldProps } from './shared';

/** decimal: any finite number. */
export function DecimalField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  return (
    <Field id={id} label={field.label} required error={error} hint="A number; decimals use a dot (12.50).">
      {/* A block wrapper keeps the narrow input under its label. */}
      <div>
        <Input
          type="number"
          step="any"
          inputMode="decimal"
          className="max-w-48"
          disabled={disabled}
          {...form.register(field.key)}
        />
      </div>
    </Field>
  );
}
