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

/** The id, error and form every field kind shares; `Field` wires them to the control. */
export function useHitlField(field: FieldSpec) {
  const form = useFormContext<RawValues>();
  const error = form.formState.errors[field.key]?.message;
  return { id: fieldId(field), error: typeof error === 'string' ? error : undefined, form };
}
