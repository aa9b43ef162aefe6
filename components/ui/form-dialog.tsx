'use client';

import { Button } from './button';
import { Dialog, DialogClose, DialogContent } from './dialog';
import { SubmitButton } from './form';

/** A dialog whose body mounts on each opening, so a form inside starts afresh every time. */
export function FormDialog({
  open,
  onOpenChange,
  children,
  ...content
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
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

/** The form of a `FormDialog`: its fields, what went wrong, then Cancel and the submit button. */
export function DialogForm({
  label,
  onSubmit,
  pending,
  failure,
  submitLabel,
  pendingLabel,
  icon,
  variant,
  cancelLabel = 'Cancel',
  children,
}: {
  label: string;
  onSubmit: React.FormEventHandler<HTMLFormElement>;
  pending: boolean;
  failure?: React.ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  icon?: React.ReactNode;
  variant?: 'primary' | 'danger';
  cancelLabel?: string;
  children?: React.ReactNode;
}) {
  return (
    <form noValidate onSubmit={(e) => void onSubmit(e)} className="space-y-4" aria-label={label}>
      {children}
      {failure}
      <div className="flex justify-end gap-2 pt-1">
        <DialogClose asChild>
          <Button variant="secondary">{cancelLabel}</Button>
        </DialogClose>
        <SubmitButton pending={pending} pendingLabel={pendingLabel} icon={icon} variant={variant}>
          {submitLabel}
        </SubmitButton>
      </div>
    </form>
  );
}
