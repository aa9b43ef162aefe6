'use client';

import { Download, Play, Trash2, TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Badge, Card, SkeletonList } from '@/components/ui/card';
import { DialogForm, FormDialog } from '@/components/ui/form-dialog';
import { LoadFailed } from '@/components/ui/load-failed';
import { notify } from '@/components/ui/notify';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table } from '@/components/ui/table';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { ApiError } from '@/lib/client/api';
import { useQuery } from '@tanstack/react-query';
import {
  scenarioQueries,
  useDeleteSuite,
  useStartRun,
  useSuite,
  useSuiteRuns,
} from '@/lib/client/queries/scenarios';
import { useCan } from '@/lib/client/session';
import type { ScenarioSuite } from '@/lib/console/scenarios';
import { describeMilestone } from '@/lib/scenarios/milestones';
import { parseSuiteText, type Scenario } from '@/lib/scenarios/schema';
import { downloadSuite } from './download';
import { Missing } from './missing';
import { RunResult } from './run-result';
import { RunStatusBadge } from './run-status';
import { SuiteEditor } from './suite-editor';

/** One suite: run it (or one scenario), the run's result live, its scenarios, its history and its file. */
export function SuiteView({ suiteId, realIntercom }: { suiteId: string; realIntercom: boolean }) {
  const suite = useSuite(suiteId);
  if (suite.isPending) return <SkeletonList label="Loading the suite" rows={2} rowClassName="h-40" />;
  if (suite.isError) {
    if (suite.error instanceof ApiError && suite.error.status === 404)
      return (
        <Missing title="Suite not found">
          There is no suite with the id “{suiteId}”. It may have been deleted.
        </Missing>
      );
    return <LoadFailed title="The suite could not be loaded" error={suite.error} onRetry={suite.refetch} />;
  }
  return <Loaded suite={suite.data} realIntercom={realIntercom} />;
}

function Loaded({ suite, realIntercom }: { suite: ScenarioSuite; realIntercom: boolean }) {
  const lead = useCan('manageScenarios');
  const parsed = useMemo(() => parseSuiteText(suite.body), [suite.body]);
  const [started, setStarted] = useState<string | null>(null);
  const runId = started ?? suite.last_run?.id ?? null;
  const run = useQuery({ ...scenarioQueries.run(runId ?? ''), enabled: runId !== null });
  const start = useStartRun();
  const running = start.isPending || run.data?.status === 'running';
  const launch = (scenario?: string) =>
    start.mutate(
      { suiteId: suite.id, scenario },
      {
        onSuccess: (r) => setStarted(r.id),
        onError: (e) => notify.error('The run did not start', { description: e.message }),
      },
    );
  const { users, conversations } = suite.estimate;

  return (
    <div className="min-w-0 space-y-4">
      <Card className="p-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="text-lg font-semibold tracking-tight">{suite.name}</h2>
            {parsed.ok && parsed.suite.description ? (
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{parsed.suite.description}</p>
            ) : null}
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
              {suite.scenario_count === 1 ? '1 scenario' : `${suite.scenario_count} scenarios`} · updated{' '}
              <RelativeTime iso={suite.updated_at} /> by {suite.updated_by}
            </p>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button variant="secondary" onClick={() => downloadSuite(suite.name, suite.body)}>
              <Download className="size-4" aria-hidden="true" />
              Download
            </Button>
            {lead.allowed ? (
              <>
                <DeleteSuite suite={suite} />
                <Button onClick={() => launch()} disabled={running}>
                  <Play className="size-4" aria-hidden="true" />
                  Run suite
                </Button>
              </>
            ) : null}
          </div>
        </div>
        {realIntercom ? (
          <Callout tone="warning" title="This runs against real Intercom" className="mt-4">
            One run of this suite creates {users === 1 ? '1 end user' : `${users} end users`} and{' '}
            {conversations === 1 ? '1 conversation' : `${conversations} conversations`} in your workspace.
          </Callout>
        ) : null}
        {!lead.allowed ? (
          <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">{lead.reason}.</p>
        ) : null}
      </Card>

      {runId ? <RunResult runId={runId} title={started ? 'This run' : 'Latest run'} /> : null}

      <Card className="p-5">
        <Tabs defaultValue="scenarios">
          <TabsList aria-label="Suite views" className="mb-4">
            <TabsTrigger value="scenarios">Scenarios</TabsTrigger>
            <TabsTrigger value="history">History</TabsTrigger>
            <TabsTrigger value="file">Suite file</TabsTrigger>
          </TabsList>
          <TabsContent value="scenarios">
            {parsed.ok ? (
              <ScenarioTable
                scenarios={parsed.suite.scenarios}
                onRun={lead.allowed ? launch : null}
                running={running}
              />
            ) : (
              <Callout tone="error" title="The saved suite no longer reads as valid">
                Open the suite file to see the problems.
              </Callout>
            )}
          </TabsContent>
          <TabsContent value="history">
            <History suiteId={suite.id} />
          </TabsContent>
          <TabsContent value="file">
            <SuiteEditor key={suite.updated_at} suite={suite} readOnly={!lead.allowed} />
          </TabsContent>
        </Tabs>
      </Card>
    </div>
  );
}

function ScenarioTable({
  scenarios,
  onRun,
  running,
}: {
  scenarios: Scenario[];
  onRun: ((name: string) => void) | null;
  running: boolean;
}) {
  return (
    <Table
      caption="Scenarios"
      columns={[
        'Scenario',
        'Runs',
        'Expects',
        ...(onRun ? [{ label: 'Actions', srOnly: true, className: 'w-0' }] : []),
      ]}
    >
      {scenarios.map((s) => (
        <tr key={s.name}>
          <td className="px-3 py-2.5 align-top">
            <div className="font-medium">{s.name}</div>
            {s.description ? (
              <div className="text-xs text-zinc-600 dark:text-zinc-400">{s.description}</div>
            ) : null}
          </td>
          <td className="px-3 py-2.5 align-top text-xs">
            {s.procedure_id ? (
              <span>
                Procedure <span className="font-mono">{s.procedure_id}</span>
              </span>
            ) : (
              <Badge tone="violet">Ask</Badge>
            )}
            <div className="mt-0.5 text-zinc-600 dark:text-zinc-400">{inputsSummary(s)}</div>
          </td>
          <td className="px-3 py-2.5 align-top">
            <ul className="flex flex-wrap gap-1" aria-label={`What ${s.name} expects`}>
              {s.expect.map((m, i) => (
                <li key={i}>
                  <Badge className="font-normal">{describeMilestone(m)}</Badge>
                </li>
              ))}
            </ul>
          </td>
          {onRun ? (
            <td className="px-3 py-2.5 text-right align-top">
              <Button
                size="sm"
                variant="secondary"
                disabled={running}
                onClick={() => onRun(s.name)}
                aria-label={`Run ${s.name}`}
              >
                <Play className="size-3.5" aria-hidden="true" />
                Run
              </Button>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
}

function inputsSummary(s: Scenario): string {
  const steps = Array.isArray(s.hitl) ? s.hitl.length : Object.keys(s.hitl).length > 0 ? 1 : 0;
  const parts = [
    s.replies.length === 1 ? '1 reply' : `${s.replies.length} replies`,
    steps === 0 ? 'no HITL answers' : Array.isArray(s.hitl) ? `${steps} HITL answer sets` : 'HITL answers',
  ];
  return parts.join(' · ');
}

function History({ suiteId }: { suiteId: string }) {
  const runs = useSuiteRuns(suiteId);
  if (runs.isPending) return <SkeletonList label="Loading the run history" rows={3} rowClassName="h-10" />;
  if (runs.isError)
    return (
      <LoadFailed title="The run history could not be loaded" error={runs.error} onRetry={runs.refetch} />
    );
  if (runs.data.length === 0)
    return (
      <p className="rounded-md border border-dashed border-zinc-300 px-3 py-4 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        This suite has not been run yet.
      </p>
    );
  return (
    <Table
      caption="Runs of this suite, newest first"
      columns={['Started', 'By', 'Result', 'Passed', 'Failed', 'Errors']}
    >
      {runs.data.map((r) => (
        <tr key={r.id}>
          <td className="px-3 py-2.5">
            <Link
              href={`/scenarios/runs/${encodeURIComponent(r.id)}`}
              className="text-brand-700 dark:text-brand-100 font-medium underline-offset-2 hover:underline"
            >
              <RelativeTime iso={r.started_at} />
            </Link>
          </td>
          <td className="px-3 py-2.5">{r.started_by}</td>
          <td className="px-3 py-2.5">
            <RunStatusBadge status={r.status} />
          </td>
          <td className="px-3 py-2.5 tabular-nums">{r.counts.passed}</td>
          <td className="px-3 py-2.5 tabular-nums">{r.counts.failed}</td>
          <td className="px-3 py-2.5 tabular-nums">{r.counts.errors}</td>
        </tr>
      ))}
    </Table>
  );
}

function DeleteSuite({ suite }: { suite: ScenarioSuite }) {
  const remove = useDeleteSuite();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)} aria-label={`Delete ${suite.name}`}>
        <Trash2 className="size-4" aria-hidden="true" />
      </Button>
      <FormDialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) remove.reset();
        }}
        title={`Delete “${suite.name}”?`}
        description="The suite and its run history go. Conversations its runs created stay."
      >
        <DialogForm
          label={`Delete “${suite.name}”`}
          submit={{
            onSubmit: (e) => {
              e?.preventDefault();
              // The refreshed suite (now a 404) unmounts this dialog, so not mutate's callbacks.
              remove.mutateAsync(suite.id).then(
                () => {
                  notify.success(`Deleted “${suite.name}”`);
                  router.push('/scenarios');
                },
                () => undefined, // shown from `remove.error`
              );
            },
            pending: remove.isPending,
            failure: remove.error,
          }}
          failureTitle="The suite was not deleted"
          cancelLabel="Keep it"
          submitLabel="Delete suite"
          icon={TriangleAlert}
          variant="danger"
        />
      </FormDialog>
    </>
  );
}
