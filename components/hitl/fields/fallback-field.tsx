'use client';

import { HelpCircle } from 'lucide-react';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useHitlField, type HitlFieldProps } from './shared';

/** Any data type the console does not know: free text, and a label saying so. */
export function FallbackField({ field, disabled }: HitlFieldProps) {
  const { id, error, form } = useHitlField(field);
  const noteId = `${id}-note`;
  return (
    <Field id={id} label={field.label} required error={error} describedBy={noteId}>
      <p id={noteId} className="flex items-start gap-1.5 text-xs text-amber-800 dark:text-amber-300">
        <HelpCircle className="mt-px size-3.5 shrink-0" aria-hidden="true" />
        {field.note}
      </p>
      <Input type="text" autoComplete="off" disabled={disabled} {...form.register(field.key)} />
    </Field>
  );
}
