'use client';

import { ArrowLeft } from 'lucide-react';
import Link from 'next/link';
import { Skeleton } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { preloaded } from '@/components/ui/preloaded';
import { ApiError } from '@/lib/client/api';
import { useScenarioRun } from '@/lib/client/queries/scenarios';
import { Missing } from './missing';

const RunResult = preloaded(
  () => import('./run-result').then((m) => m.RunResult),
  () => <Skeleton className="h-64" />,
);

/** One run of a suite on a page of its own, the link the history and the CLI point at. */
export function RunPage({ runId }: { runId: string }) {
  const run = useScenarioRun(runId);
  if (run.isError) {
    const notFound = run.error instanceof ApiError && run.error.status === 404;
    return notFound ? (
      <Missing title="Run not found">There is no scenario run with the id “{runId}”.</Missing>
    ) : (
      <LoadFailed title="The run could not be loaded" error={run.error} onRetry={run.refetch} />
    );
  }
  return (
    <div className="space-y-5">
      <div>
        <Link
          href={run.data ? `/scenarios/${encodeURIComponent(run.data.suite_id)}` : '/scenarios'}
          className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
        >
          <ArrowLeft className="size-3.5" aria-hidden="true" />
          {run.data ? run.data.suite_name : 'Scenarios'}
        </Link>
        {run.data ? (
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Run of “{run.data.suite_name}”</h1>
        ) : (
          <Skeleton className="mt-2 h-8 w-72" />
        )}
      </div>
      <RunResult runId={runId} title="Result" linkToRun={false} />
    </div>
  );
}
