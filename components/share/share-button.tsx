'use client';

import { Share2 } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { preloadedDialog } from '@/components/ui/preloaded';
import { useCan } from '@/lib/client/session';

const ShareDialog = preloadedDialog(() => import('./share-dialog').then((m) => m.ShareDialog));

/** Leads only: "Share" opens the dialog that makes a public, read-only replay link. */
export function ShareButton({ conversationId }: { conversationId: string }) {
  const may = useCan('share');
  const [open, setOpen] = useState(false);
  if (!may.allowed) return null;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <Share2 className="size-4" aria-hidden="true" />
        Share
      </Button>
      <ShareDialog open={open} onOpenChange={setOpen} conversationId={conversationId} />
    </>
  );
}
