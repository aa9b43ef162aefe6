'use client';

import { RadioCard } from '@/components/ui/radio-card';
import { RadioGroup } from '@/components/ui/radio-group';
import { useHitlField, type HitlFieldProps } from './shared';

export interface RadioOption {
  value: string;
  label: string;
  /** Appended to the group id to make the card's id. */
  suffix: string;
}

/** A required radio group with one card per option, as the yes-no and choice kinds show it. */
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
