'use client';

import { useFormContext } from 'react-hook-form';
import type { FieldSpec, RawValue } from '@/lib/hitl-form/registry';

export type RawValues = Record<string, RawValue>;

export interface HitlFieldProps {
  field: FieldSpec;
  disabled?: boolean;
}

/** The DOM id of a field's input (or group), its hint and its error. */
export const fieldId = (field: FieldSpec) => `hitl-${field.key}`;

/** The registration, error and ARIA wiring every field kind shares. */
export function useHitlField(field: FieldSpec, hint?: boolean) {
  const form = useFormContext<RawValues>();
  const id = fieldId(field);
  const error = form.formState.errors[field.key]?.message;
  const describedBy = [hint && !error ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return {
    id,
    error: typeof error === 'string' ? error : undefined,
    form,
    inputProps: {
      id,
      'aria-invalid': error ? true : undefined,
      'aria-required': true,
      'aria-describedby': describedBy || undefined,
    } as const,
  };
}
