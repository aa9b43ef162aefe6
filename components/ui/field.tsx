'use client';

import * as React from 'react';
import { cn } from '@/lib/utils';
import { CharCount } from './char-count';
import { controlProps, FieldControl } from './input';

/** A form label; like Radix's Label, a double click on its text does not select it. */
export function Label({ className, onMouseDown, ...props }: React.ComponentProps<'label'>) {
  return (
    <label
      className={cn('text-sm font-medium text-zinc-800 dark:text-zinc-200', className)}
      onMouseDown={(event) => {
        // A press on a control inside the label is the control's own.
        if ((event.target as HTMLElement).closest('button, input, select, textarea')) return;
        onMouseDown?.(event);
        if (!event.defaultPrevented && event.detail > 1) event.preventDefault();
      }}
      {...props}
    />
  );
}

export function FieldError({
  id,
  className,
  children,
}: {
  id?: string;
  className?: string;
  children?: React.ReactNode;
}) {
  if (!children) return null;
  return (
    <p id={id} role="alert" className={cn('text-xs font-medium text-red-600 dark:text-red-400', className)}>
      {children}
    </p>
  );
}

export function RequiredMark({ required }: { required?: boolean }) {
  return required ? (
    <span className="ml-0.5 text-red-600" aria-hidden="true">
      *
    </span>
  ) : null;
}

/** The hint (while there is no error) and the error under a control, by the ids `controlProps` names. */
export function FieldNotes({ id, hint, error }: { id: string; hint?: React.ReactNode; error?: string }) {
  return (
    <>
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`}>{error}</FieldError>
    </>
  );
}

/** A labelled form row: the control inside gets its id and ARIA state from here. */
export function Field({
  id,
  label,
  hint,
  error,
  required,
  counter,
  describedBy,
  children,
  className,
}: {
  id: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  required?: boolean;
  /** Shows "n / max characters" under the control, tied to it. */
  counter?: { count: number; max?: number };
  describedBy?: string;
  children: React.ReactNode;
  className?: string;
}) {
  const countId = `${id}-count`;
  const control = controlProps(id, {
    error,
    hint,
    required,
    describedBy: [describedBy, counter ? countId : null],
  });
  return (
    <div className={cn('space-y-1.5', className)}>
      <Label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </Label>
      <FieldControl value={control}>{children}</FieldControl>
      {counter ? <CharCount id={countId} count={counter.count} max={counter.max} /> : null}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
