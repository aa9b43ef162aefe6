import * as React from 'react';
import { cn } from '@/lib/utils';
import { controlProps, FieldNotes } from './field';
import { RequiredMark } from './label';

/**
 * A labelled radio group (a fieldset with the radiogroup role) of native radio buttons laid
 * out as selectable cards. Native radios keep arrow-key movement and form semantics; the
 * group carries the required mark, the hint and the error message, tied to it by id.
 */
export function RadioGroup({
  id,
  legend,
  required,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  legend: React.ReactNode;
  required?: boolean;
  hint?: React.ReactNode;
  error?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <fieldset
      {...controlProps(id, { error, hint, required })}
      role="radiogroup"
      aria-labelledby={`${id}-legend`}
      className={cn('space-y-1.5', className)}
    >
      <legend id={`${id}-legend`} className="mb-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {legend}
        <RequiredMark required={required} />
      </legend>
      <div className="flex flex-wrap gap-2">{children}</div>
      <FieldNotes id={id} hint={hint} error={error} />
    </fieldset>
  );
}
