'use client';

import { RadioCard } from '@/components/ui/radio-card';
import { RadioGroup } from '@/components/ui/radio-group';
import { useHitlField, type HitlFieldProps } from './shared';

/** list with a few options: every label in view; the option id is what gets sent. */
export function ChoiceRadioField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  return (
    <RadioGroup id={id} legend={field.label} required error={error}>
      {field.options.map((o, i) => (
        <RadioCard
          key={o.id}
          id={`${id}-${i}`}
          value={o.id}
          label={o.label}
          invalid={!!error}
          disabled={disabled}
          {...form.register(field.key)}
        />
      ))}
    </RadioGroup>
  );
}
