'use client';

import { FlaskConical, Plus } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Badge, EmptyState, PageHeader, Skeleton, SkeletonList } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { preloaded } from '@/components/ui/preloaded';
import type { ScenarioSuiteSummary } from '@/lib/console/scenarios';
import { useSuites } from '@/lib/client/queries/scenarios';
import { useCan } from '@/lib/client/session';
import { cn } from '@/lib/utils';
import { describeFinApi } from '@/components/settings/settings-panels';
import { RunStatusBadge } from './run-status';

const SuiteView = preloaded(
  () => import('./suite-view').then((m) => m.SuiteView),
  () => <SuiteSkeleton />,
);
const NewSuite = preloaded(
  () => import('./suite-editor').then((m) => m.NewSuite),
  () => <SuiteSkeleton />,
);

/** The suites on the left, the chosen one (or a new one) on the right; `selected` null picks the first. */
export function ScenariosPage({ selected }: { selected: string | null }) {
  const suites = useSuites();
  const lead = useCan('manageScenarios').allowed;
  const list = suites.data?.suites;
  const chosen = selected ?? list?.[0]?.id ?? null;

  return (
    <>
      <PageHeader
        title="Scenarios"
        description="Suites of runs' inputs and the milestones each must reach, run live against the Fin API."
        actions={
          lead && selected !== 'new' ? (
            <Button asChild>
              <Link href="/scenarios/new">
                <Plus className="size-4" aria-hidden="true" />
                New suite
              </Link>
            </Button>
          ) : null
        }
      />
      {suites.data?.real_intercom ? (
        <Callout tone="warning" title={`Runs reach ${describeFinApi(suites.data.fin_api)}`} className="mb-4">
          Every run creates real end users and conversations in your Intercom workspace; each suite says how
          many.
        </Callout>
      ) : null}
      <div className="grid items-start gap-6 lg:grid-cols-[17rem_minmax(0,1fr)]">
        <SuiteList suites={list} selected={chosen} />
        {suites.isPending ? (
          <SuiteSkeleton />
        ) : suites.isError ? (
          <LoadFailed title="The suites could not be loaded" error={suites.error} onRetry={suites.refetch} />
        ) : chosen === 'new' ? (
          <NewSuite />
        ) : chosen ? (
          <SuiteView key={chosen} suiteId={chosen} realIntercom={suites.data.real_intercom} />
        ) : (
          <EmptyState
            icon={<FlaskConical className="size-8" aria-hidden="true" />}
            title="No scenario suites yet"
            action={
              lead ? (
                <Button asChild variant="secondary">
                  <Link href="/scenarios/new">Write a suite</Link>
                </Button>
              ) : null
            }
          >
            Open a finished conversation and choose Save as scenario, or write a suite in YAML or JSON: the
            inputs of a run and the milestones it must reach.
          </EmptyState>
        )}
      </div>
    </>
  );
}

function SuiteList({
  suites,
  selected,
}: {
  suites: ScenarioSuiteSummary[] | undefined;
  selected: string | null;
}) {
  if (!suites) return <SkeletonList label="Loading suites" rows={3} rowClassName="h-16" />;
  if (suites.length === 0) return null;
  return (
    <nav aria-label="Suites">
      <ul className="space-y-1.5">
        {suites.map((s) => {
          const current = s.id === selected;
          return (
            <li key={s.id}>
              <Link
                href={`/scenarios/${encodeURIComponent(s.id)}`}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  'focus-visible:ring-brand-500 block rounded-lg border px-3 py-2.5 text-sm transition-colors focus-visible:ring-2 focus-visible:outline-none',
                  current
                    ? 'border-brand-500 bg-brand-50 dark:bg-brand-700/20'
                    : 'border-zinc-200 bg-white hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800',
                )}
              >
                <span className="block truncate font-medium">{s.name}</span>
                <span className="mt-1 flex items-center justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                  {s.scenario_count === 1 ? '1 scenario' : `${s.scenario_count} scenarios`}
                  {s.last_run ? <RunStatusBadge status={s.last_run.status} /> : <Badge>Not run yet</Badge>}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function SuiteSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the suite" className="space-y-4">
      <Skeleton className="h-28" />
      <Skeleton className="h-64" />
    </div>
  );
}
