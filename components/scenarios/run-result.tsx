'use client';

import { useQueryClient } from '@tanstack/react-query';
import { ChevronDown, ExternalLink, MessagesSquare } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, SkeletonList } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { RelativeTime } from '@/components/ui/relative-time';
import { scenarioKeys, useScenarioRun } from '@/lib/client/queries/scenarios';
import type { ScenarioResult, ScenarioRun } from '@/lib/console/scenarios';
import { cn } from '@/lib/utils';
import { RunStatusBadge, RunStatusIcon } from './run-status';

/** A run's result, polled while it runs: per scenario, where it failed and what happened instead. */
export function RunResult({
  runId,
  title,
  linkToRun = true,
}: {
  runId: string;
  title: string;
  linkToRun?: boolean;
}) {
  const run = useScenarioRun(runId);
  useRefreshWhenFinished(run.data);
  const headingId = useId();
  if (run.isPending) return <SkeletonList label="Loading the run" rows={2} rowClassName="h-14" />;
  if (run.isError)
    return <LoadFailed title="The run could not be loaded" error={run.error} onRetry={run.refetch} />;
  const r = run.data;
  const done = r.results.filter((s) => s.status !== 'pending' && s.status !== 'running').length;
  return (
    <Card className="p-5">
      <section
        aria-labelledby={headingId}
        data-testid="scenario-run"
        data-status={r.status}
        data-run-id={r.id}
      >
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id={headingId} className="flex items-center gap-2 text-base font-semibold">
              {title} <RunStatusBadge status={r.status} />
            </h2>
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              Started <RelativeTime iso={r.started_at} /> by {r.started_by}
              {r.finished_at
                ? ` · took ${seconds(Date.parse(r.finished_at) - Date.parse(r.started_at))}`
                : ''}
            </p>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <Counts run={r} />
            {linkToRun ? (
              <Button asChild size="sm" variant="ghost">
                <Link href={`/scenarios/runs/${encodeURIComponent(r.id)}`}>
                  <ExternalLink className="size-3.5" aria-hidden="true" />
                  Open run
                </Link>
              </Button>
            ) : null}
          </div>
        </div>
        {r.status === 'running' ? (
          <div className="mt-3">
            <div
              role="progressbar"
              aria-label="Scenarios finished"
              aria-valuemin={0}
              aria-valuemax={r.results.length}
              aria-valuenow={done}
              className="h-1.5 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
            >
              <div
                className="bg-brand-600 h-full transition-all"
                style={{ width: `${r.results.length ? (done / r.results.length) * 100 : 0}%` }}
              />
            </div>
          </div>
        ) : null}
        <p className="sr-only" role="status" aria-live="polite">
          {r.status === 'running'
            ? `Running: ${done} of ${r.results.length} scenarios finished`
            : `Run ${r.status}: ${r.counts.passed} of ${r.counts.total} scenarios passed`}
        </p>
        <ul className="mt-4 space-y-2" aria-label="Scenario results">
          {r.results.map((s) => (
            <ScenarioRow key={s.name} result={s} />
          ))}
        </ul>
      </section>
    </Card>
  );
}

function Counts({ run }: { run: ScenarioRun }) {
  const { passed, failed, errors, total } = run.counts;
  return (
    <p className="text-zinc-700 tabular-nums dark:text-zinc-300" data-testid="run-counts">
      <span className="font-semibold text-emerald-700 dark:text-emerald-400">{passed}</span> of {total} passed
      {failed ? (
        <>
          {' · '}
          <span className="font-semibold text-red-700 dark:text-red-400">{failed}</span> failed
        </>
      ) : null}
      {errors ? (
        <>
          {' · '}
          <span className="font-semibold text-amber-700 dark:text-amber-400">{errors}</span>{' '}
          {errors === 1 ? 'error' : 'errors'}
        </>
      ) : null}
    </p>
  );
}

/** When a run finishes, the suite list, the suite and its history read it anew. */
function useRefreshWhenFinished(run: ScenarioRun | undefined) {
  const qc = useQueryClient();
  const was = useRef(run?.status);
  useEffect(() => {
    if (was.current === 'running' && run && run.status !== 'running')
      void qc.invalidateQueries({ queryKey: scenarioKeys.suites() });
    was.current = run?.status;
  }, [run, qc]);
}

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '—');

function ScenarioRow({ result: s }: { result: ScenarioResult }) {
  const bad = s.status === 'failed' || s.status === 'error';
  const [open, setOpen] = useState(bad);
  const [seen, setSeen] = useState(s.status);
  if (seen !== s.status) {
    // A scenario that fails while the page watches opens by itself.
    setSeen(s.status);
    if (bad) setOpen(true);
  }
  const panelId = useId();
  const failed = s.failed_at !== null ? s.milestones[s.failed_at] : undefined;
  return (
    <li
      className={cn(
        'rounded-md border px-3 py-2.5',
        bad ? 'border-red-200 dark:border-red-900' : 'border-zinc-200 dark:border-zinc-800',
      )}
      data-testid="scenario-result"
      data-status={s.status}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <RunStatusIcon status={s.status} />
        <span className="min-w-0 flex-1 font-medium">{s.name}</span>
        <RunStatusBadge status={s.status} />
        {s.duration_ms !== null ? (
          <span className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
            {seconds(s.duration_ms)}
          </span>
        ) : null}
        {s.conversation_id ? (
          <Link
            href={`/conversations/${encodeURIComponent(s.conversation_id)}`}
            className="text-brand-700 dark:text-brand-100 inline-flex items-center gap-1 text-xs font-medium underline-offset-2 hover:underline"
          >
            <MessagesSquare className="size-3.5" aria-hidden="true" />
            Timeline <span className="sr-only">of {s.name}</span>
          </Link>
        ) : null}
        {s.milestones.length || s.actual.length ? (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
          >
            Milestones <span className="sr-only">of {s.name}</span>
            <ChevronDown
              className={cn('size-3.5 transition-transform', open && 'rotate-180')}
              aria-hidden="true"
            />
          </Button>
        ) : null}
      </div>
      {s.reason ? (
        <p className="mt-1.5 text-sm text-red-800 dark:text-red-300" data-testid="scenario-reason">
          {failed ? (
            <>
              Failed at milestone {(s.failed_at ?? 0) + 1},{' '}
              <strong className="font-semibold">{failed.expected}</strong>:{' '}
            </>
          ) : null}
          {/* The run's reason starts with the milestone's words, already said above. */}
          {failed?.reason ?? s.reason}
        </p>
      ) : null}
      {open ? (
        <div id={panelId} className="mt-3">
          <MilestoneComparison result={s} />
        </div>
      ) : null}
    </li>
  );
}

/** Expected and actual milestone sequences side by side; the failing one is marked, matched ones linked by number. */
function MilestoneComparison({ result: s }: { result: ScenarioResult }) {
  const matched = new Set(s.milestones.flatMap((m) => (m.actual_index !== null ? [m.actual_index] : [])));
  const expected = s.milestones.length
    ? s.milestones
    : s.expected.map((e) => ({ expected: e, passed: null, reason: null, actual_index: null }));
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <div>
        <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
          Expected
        </h3>
        <ol className="space-y-1 text-sm" aria-label={`Expected milestones of ${s.name}`}>
          {expected.map((m, i) => (
            <li
              key={i}
              data-passed={m.passed === null ? undefined : String(m.passed)}
              className={cn(
                'rounded px-2 py-1',
                m.passed === false
                  ? 'bg-red-50 text-red-900 ring-1 ring-red-300 dark:bg-red-950/40 dark:text-red-200 dark:ring-red-900'
                  : 'bg-zinc-50 dark:bg-zinc-800/50',
              )}
            >
              <span className="mr-1.5 text-xs font-medium tabular-nums">{i + 1}.</span>
              {m.passed === null ? null : (
                <>
                  <span aria-hidden="true">{m.passed ? '✓ ' : '✗ '}</span>
                  <span className="sr-only">{m.passed ? 'passed: ' : 'failed: '}</span>
                </>
              )}
              {m.expected}
              {m.actual_index !== null ? (
                <span className="ml-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                  → actual {m.actual_index + 1}
                </span>
              ) : null}
              {m.reason && i !== s.failed_at ? <span className="block text-xs">{m.reason}</span> : null}
            </li>
          ))}
        </ol>
      </div>
      <div>
        <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400">
          Actual
        </h3>
        {s.actual.length ? (
          <ol className="space-y-1 text-sm" aria-label={`Actual milestones of ${s.name}`}>
            {s.actual.map((a, i) => (
              <li
                key={i}
                className={cn(
                  'rounded px-2 py-1',
                  matched.has(i)
                    ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200'
                    : 'bg-zinc-50 dark:bg-zinc-800/50',
                )}
              >
                <span className="mr-1.5 text-xs font-medium tabular-nums">{i + 1}.</span>
                {a}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {s.status === 'pending' ? 'Not started yet.' : 'Nothing reached.'}
          </p>
        )}
      </div>
    </div>
  );
}
