import * as React from 'react';
import { cn } from '@/lib/utils';
import { FieldNotes, RequiredMark } from './field';
import { controlProps } from './input';

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

export const RadioCard = React.forwardRef<
  HTMLInputElement,
  Omit<React.InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: React.ReactNode; invalid?: boolean }
>(function RadioCard({ label, invalid, className, id, ...props }, ref) {
  return (
    <label
      htmlFor={id}
      className={cn(
        'flex min-w-24 cursor-pointer items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm transition-colors',
        'has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-700 hover:bg-zinc-50',
        'has-[:focus-visible]:ring-brand-500/40 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60 has-[:focus-visible]:ring-2',
        'dark:has-[:checked]:border-brand-500 dark:has-[:checked]:bg-brand-700/25 dark:has-[:checked]:text-brand-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800',
        invalid && 'border-red-500 dark:border-red-500',
        className,
      )}
    >
      <input ref={ref} id={id} type="radio" className="accent-brand-600 size-4" {...props} />
      <span>{label}</span>
    </label>
  );
});
