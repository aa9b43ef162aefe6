'use client';

import type { ComponentProps } from 'react';
import { useFormContext } from 'react-hook-form';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { RadioCard } from '@/components/ui/radio-card';
import { RadioGroup } from '@/components/ui/radio-group';
import type { FieldSpec, RawValue } from '@/lib/hitl-form/registry';

export type RawValues = Record<string, RawValue>;

export interface HitlFieldProps {
  field: FieldSpec;
  disabled?: boolean;
}

/** The DOM id of a field's input (or group), its hint and its error. */
export const fieldId = (field: FieldSpec) => `hitl-${field.key}`;

/** The id, error and form every field kind shares; `Field` wires them to the control. */
export function useHitlField(field: FieldSpec) {
  const form = useFormContext<RawValues>();
  const error = form.formState.errors[field.key]?.message;
  return { id: fieldId(field), error: typeof error === 'string' ? error : undefined, form };
}

type NumberInputProps = HitlFieldProps &
  Pick<ComponentProps<typeof Input>, 'step' | 'inputMode'> & { hint: string };

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

export interface RadioOption {
  value: string;
  label: string;
  suffix: string;
}

export function RadioOptionsField({ field, disabled, options }: HitlFieldProps & { options: RadioOption[] }) {
  const { id, error, form } = useHitlField(field);
  return (
    <RadioGroup id={id} legend={field.label} required error={error}>
      {options.map((o) => (
        <RadioCard
          key={o.value}
          id={`${id}-${o.suffix}`}
          value={o.value}
          label={o.label}
          invalid={!!error}
          disabled={disabled}
          {...form.register(field.key)}
        />
      ))}
    </RadioGroup>
  );
}
