'use client';

import dynamic from 'next/dynamic';
import type { ComponentProps } from 'react';
import { useOpened } from '@/components/ui/use-opened';
import type { RunProcedureDialog as Content } from './run-procedure-dialog-content';

export type { ProcedureRef } from './run-procedure-dialog-content';

// The dialog, its form and the zod schema behind it load the first time it opens.
const LazyRunProcedureDialog = dynamic(
  () => import('./run-procedure-dialog-content').then((m) => m.RunProcedureDialog),
  { ssr: false },
);

export function RunProcedureDialog(props: ComponentProps<typeof Content>) {
  return useOpened(props.open) ? <LazyRunProcedureDialog {...props} /> : null;
}
