'use client';

import type { LucideIcon } from 'lucide-react';
import { Button } from './button';
import { Dialog, DialogClose, DialogContent } from './dialog';
import { FormFailure, type Submission } from './form';
import { SubmitButton } from './submit-button';

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** A dialog whose body mounts on each opening, so a form inside starts afresh every time. */
export function FormDialog({
  open,
  onOpenChange,
  children,
  ...content
}: DialogProps & {
  title: string;
  description?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open ? <DialogContent {...content}>{children}</DialogContent> : null}
    </Dialog>
  );
}

/**
 * The form of a `FormDialog`: its fields, what went wrong (`failure`, or the submission's
 * message under `failureTitle`), then Cancel and the submit button.
 */
export function DialogForm({
  label,
  submit,
  failureTitle,
  failure,
  submitLabel,
  pendingLabel,
  icon,
  variant,
  cancelLabel = 'Cancel',
  children,
}: {
  label: string;
  submit: Submission;
  failureTitle?: string;
  failure?: React.ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  icon?: LucideIcon;
  variant?: 'primary' | 'danger';
  cancelLabel?: string;
  children?: React.ReactNode;
}) {
  return (
    <form noValidate onSubmit={(e) => void submit.onSubmit(e)} className="space-y-4" aria-label={label}>
      {children}
      {failure ??
        (failureTitle ? <FormFailure title={failureTitle} message={submit.failure?.message} /> : null)}
      <div className="flex justify-end gap-2 pt-1">
        <DialogClose asChild>
          <Button variant="secondary">{cancelLabel}</Button>
        </DialogClose>
        <SubmitButton pending={submit.pending} pendingLabel={pendingLabel} icon={icon} variant={variant}>
          {submitLabel}
        </SubmitButton>
      </div>
    </form>
  );
}
