'use client';

import type { ComponentProps } from 'react';
import { FormDialog, type DialogProps } from '@/components/ui/form-dialog';
import { ReplyComposer } from './reply-composer';

/** Reply as the user from the catalogue: the conversation's reply composer in a dialog. */
export function ReplyDialog({
  open,
  onOpenChange,
  ...composer
}: DialogProps & Omit<ComponentProps<typeof ReplyComposer>, 'idPrefix'>) {
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Reply as the user"
      description="Continue a conversation where Fin is waiting for the user's answer."
      className="max-w-xl"
    >
      <ReplyComposer {...composer} idPrefix="catalogue-reply" />
    </FormDialog>
  );
}
