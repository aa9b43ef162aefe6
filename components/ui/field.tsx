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
    describedBy = [],
  }: { error?: unknown; hint?: unknown; required?: boolean; describedBy?: (string | null | undefined)[] },
): ControlProps {
  const ids = [...describedBy, hint && !error ? `${id}-hint` : null, error ? `${id}-error` : null].filter(
    Boolean,
  );
  return {
    id,
    ...(error ? { 'aria-invalid': true } : {}),
    ...(required ? { 'aria-required': true } : {}),
    ...(ids.length ? { 'aria-describedby': ids.join(' ') } : {}),
  };
}

const fmt = new Intl.NumberFormat('en');

/** "123 / 10,000 characters", red once over the limit; no `max` where the contract sets none. */
function CharCount({ id, count, max }: { id: string; count: number; max?: number }) {
  const over = max !== undefined && count > max;
  return (
    <p
      id={id}
      className={cn(
        'text-right text-xs tabular-nums',
        over ? 'font-medium text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400',
      )}
    >
      {max === undefined
        ? `${fmt.format(count)} characters`
        : `${fmt.format(count)} / ${fmt.format(max)} characters`}
      {over ? ` — ${fmt.format(count - max)} over the limit` : ''}
    </p>
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
