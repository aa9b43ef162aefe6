'use client';

import * as React from 'react';
import { cn } from '@/lib/utils';
import { FieldControl } from './input';
import { Label, RequiredMark } from './label';

export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
  'aria-describedby'?: string;
}

/** The id and ARIA state of a control whose hint and error carry `${id}-hint` and `${id}-error`. */
export function controlProps(
  id: string,
  {
    error,
    hint,
    required,
    describedBy,
  }: { error?: unknown; hint?: unknown; required?: boolean; describedBy?: string },
): ControlProps {
  const ids = [describedBy, hint && !error && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-required': required || undefined,
    'aria-describedby': ids || undefined,
  };
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

export interface FieldProps {
  id: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string;
  required?: boolean;
  describedBy?: string;
  /** Drawn under the control, before the hint. */
  after?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}

/** A labelled form row: the control inside gets its id and ARIA state from here. */
export function Field({
  id,
  label,
  hint,
  error,
  required,
  describedBy,
  after,
  children,
  className,
}: FieldProps) {
  const control = controlProps(id, { error, hint, required, describedBy });
  return (
    <div className={cn('space-y-1.5', className)}>
      <Label htmlFor={id}>
        {label}
        <RequiredMark required={required} />
      </Label>
      <FieldControl value={control}>{children}</FieldControl>
      {after}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
