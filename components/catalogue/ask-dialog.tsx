'use client';

import dynamic from 'next/dynamic';
import type { ComponentProps } from 'react';
import { useOpened } from '@/components/ui/use-opened';
import type { AskDialog as Content } from './ask-dialog-content';

// The dialog, its form and the zod schema behind it load the first time it opens.
const LazyAskDialog = dynamic(() => import('./ask-dialog-content').then((m) => m.AskDialog), {
  ssr: false,
});

export function AskDialog(props: ComponentProps<typeof Content>) {
  return useOpened(props.open) ? <LazyAskDialog {...props} /> : null;
}
