'use client';

import dynamic from 'next/dynamic';
import type { ComponentProps } from 'react';
import { useOpened } from '@/components/ui/use-opened';
import type { ReplyDialog as Content } from './reply-dialog-content';

// The dialog (Radix Dialog, ~10 kB) loads the first time it opens, like the catalogue's others.
const LazyReplyDialog = dynamic(() => import('./reply-dialog-content').then((m) => m.ReplyDialog), {
  ssr: false,
});

export function ReplyDialog(props: ComponentProps<typeof Content>) {
  return useOpened(props.open) ? <LazyReplyDialog {...props} /> : null;
}
