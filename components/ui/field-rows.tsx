'use client';

import { Plus, Trash2 } from 'lucide-react';
import { Button } from './button';
import { FieldError } from './field';

/** Removable rows under a legend that counts them against `max`, the list's own error, and an add button. */
export function FieldRows({
  legend,
  count,
  max,
  hint,
  error,
  addLabel,
  onAdd,
  ordered,
  children,
}: {
  legend: string;
  count: number;
  max: number;
  hint?: string;
  error?: string;
  addLabel?: string;
  onAdd?: () => void;
  ordered?: boolean;
  children: React.ReactNode;
}) {
  const List = ordered ? 'ol' : 'ul';
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        {legend}{' '}
        <span className="font-normal text-zinc-500 dark:text-zinc-400">
          ({count}/{max})
        </span>
      </legend>
      {hint ? <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint}</p> : null}
      {count > 0 ? <List className="space-y-2">{children}</List> : null}
      <FieldError>{error}</FieldError>
      {onAdd ? (
        <Button variant="secondary" size="sm" disabled={count >= max} onClick={onAdd}>
          <Plus className="size-4" aria-hidden="true" />
          {count >= max ? `Limit of ${max} reached` : addLabel}
        </Button>
      ) : null}
    </fieldset>
  );
}

/** One of `FieldRows`: its controls, a remove button, and the error of the control `errorId` names. */
export function FieldRow({
  removeLabel,
  onRemove,
  error,
  errorId,
  children,
}: {
  removeLabel: string;
  onRemove: () => void;
  error?: string;
  errorId: string;
  children: React.ReactNode;
}) {
  return (
    <li className="space-y-1">
      <div className="flex items-start gap-2">
        {children}
        <Button
          variant="ghost"
          size="sm"
          className="h-9 shrink-0"
          aria-label={removeLabel}
          onClick={onRemove}
        >
          <Trash2 className="size-4" aria-hidden="true" />
        </Button>
      </div>
      <FieldError id={errorId}>{error}</FieldError>
    </li>
  );
}
