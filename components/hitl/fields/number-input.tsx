'use client';

import type { ComponentProps } from 'react';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useHitlField, type HitlFieldProps } from './shared';

type NumberInputProps = HitlFieldProps &
  Pick<ComponentProps<typeof Input>, 'step' | 'inputMode'> & { hint: string };

/** The narrow number input the integer and decimal kinds share. */
export function NumberInputField({ field, disabled, hint, step, inputMode }: NumberInputProps) {
  const { id, error, form } = useHitlField(field);
  return (
    <Field id={id} label={field.label} required error={error} hint={hint}>
      {/* A block wrapper keeps the narrow input under its label. */}
      <div>
        <Input
          type="number"
          step={step}
          inputMode={inputMode}
          className="max-w-48"
          disabled={disabled}
          {...form.register(field.key)}
        />
      </div>
    </Field>
  );
}
