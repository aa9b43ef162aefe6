'use client';

import dynamic from 'next/dynamic';
import type { ComponentProps } from 'react';
import { useOpened } from '@/components/ui/use-opened';
import type { EscalateDialog as Content } from './escalate-dialog-content';

// The dialog, its form and the zod schema behind it load the first time it opens.
const LazyEscalateDialog = dynamic(() => import('./escalate-dialog-content').then((m) => m.EscalateDialog), {
  ssr: false,
});

export function EscalateDialog(props: ComponentProps<typeof Content>) {
  return useOpened(props.open) ? <LazyEscalateDialog {...props} /> : null;
}
