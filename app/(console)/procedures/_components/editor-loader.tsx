'use client';

import { Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';

/** The editor brings CodeMirror, YAML and the schema: they load only on the editor's pages. */
export const EditorLoader = preloaded(
  () => import('./procedure-editor').then((m) => m.ProcedureEditor),
  function EditorSkeleton() {
    return (
      <div className="grid gap-4 xl:grid-cols-2" aria-busy="true">
        <Skeleton className="h-[36rem]" />
        <Skeleton className="h-[36rem]" />
      </div>
    );
  },
);
