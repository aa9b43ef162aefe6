'use client';

import type { ComponentProps } from 'react';
import { ReplyComposer } from '@/components/conversation/reply-composer';
import { Dialog, DialogContent } from '@/components/ui/dialog';

/** Reply as the user from the catalogue: the conversation's reply composer in a dialog. */
export function ReplyDialog({
  open,
  onOpenChange,
  ...composer
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
} & Omit<ComponentProps<typeof ReplyComposer>, 'idPrefix'>) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open ? (
        <DialogContent
          title="Reply as the user"
          description="Continue a conversation where Fin is waiting for the user's answer."
          className="max-w-xl"
        >
          <ReplyComposer {...composer} idPrefix="catalogue-reply" />
        </DialogContent>
      ) : null}
    </Dialog>
  );
}
