'use client';

import { RadioCard } from '@/components/ui/radio-card';
import { RadioGroup } from '@/components/ui/radio-group';
import { useHitlField, type HitlFieldProps } from './shared';

/** boolean: an explicit Yes / No, so "not answered yet" can't pass for "no". */
export function YesNoField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  return (
    <RadioGroup id={id} legend={field.label} required error={error}>
      {[
        { value: 'true', label: 'Yes' },
        { value: 'false', label: 'No' },
      ].map((o) => (
        <RadioCard
          key={o.value}
          id={`${id}-${o.value}`}
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
