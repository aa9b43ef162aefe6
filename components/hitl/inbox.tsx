'use client';

import { AlertTriangle, Inbox as InboxIcon, Radio, Search, SearchX } from 'lucide-react';
import { useMemo, useState } from 'react';
import { notify as toast } from '@/components/ui/notify';
import { Button } from '@/components/ui/button';
import { Badge, EmptyState, PageHeader, Skeleton } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { Input, Select } from '@/components/ui/input';
import { preloaded } from '@/components/ui/preloaded';
import { Switch } from '@/components/ui/switch';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { useHitlSteps } from '@/lib/client/queries/hitl';
import { describeAnswers } from '@/lib/hitl-form/display';
import { matchesSearch, sortSteps, type SortOrder } from '@/lib/hitl-form/step';
import { useInboxStore } from './inbox-store';
import { enableNotifications } from './notifications';

const PendingList = preloaded(
  () => import('./pending-list').then((m) => m.PendingList),
  () => <ListSkeleton label="Loading pending steps" />,
);
const HistoryList = preloaded(
  () => import('./history-list').then((m) => m.HistoryList),
  () => <ListSkeleton label="Loading answered steps" />,
);

/** The HITL inbox: pending steps (live) and the history of answered ones. */
export function Inbox() {
  const [tab, setTab] = useState('pending');
  const stream = useInboxStore((s) => s.stream);
  const pending = useHitlSteps('pending', { poll: stream !== 'live' });
  return (
    <>
      <PageHeader
        title="HITL inbox"
        description="Procedure steps waiting for a teammate's answer. New steps appear here as they arrive."
        actions={<LiveIndicator />}
      />
      <Tabs value={tab} onValueChange={setTab}>
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
          <TabsList aria-label="Inbox views">
            <TabsTrigger value="pending">
              Pending{' '}
              {pending.data ? (
                <span className="ml-1.5 rounded-full bg-zinc-200 px-1.5 text-xs tabular-nums dark:bg-zinc-700">
                  {pending.data.length}
                </span>
              ) : null}
            </TabsTrigger>
            <TabsTrigger value="history">History</TabsTrigger>
          </TabsList>
        </div>
        <TabsContent value="pending" className="focus-visible:outline-none">
          <PendingTab query={pending} />
        </TabsContent>
        <TabsContent value="history" className="focus-visible:outline-none">
          <HistoryTab poll={stream !== 'live'} />
        </TabsContent>
      </Tabs>
    </>
  );
}

function LiveIndicator() {
  const stream = useInboxStore((s) => s.stream);
  const text = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' }[stream];
  return (
    <Badge tone={stream === 'live' ? 'green' : 'amber'} role="status" aria-label={`Live updates: ${text}`}>
      <Radio className="size-3" aria-hidden="true" />
      {text}
    </Badge>
  );
}

function PendingTab({ query }: { query: ReturnType<typeof useHitlSteps> }) {
  const sort = useInboxStore((s) => s.sort);
  const procedure = useInboxStore((s) => s.procedure);
  const setProcedure = useInboxStore((s) => s.setProcedure);
  const all = query.data;
  // An unnamed procedure has no filter of its own ('' is "All procedures"); its steps show under All.
  const procedures = useMemo(
    () => [...new Set((all ?? []).map((s) => s.procedure_name).filter(Boolean))].sort(),
    [all],
  );
  const shown = useMemo(() => {
    const list = procedure ? (all ?? []).filter((s) => s.procedure_name === procedure) : (all ?? []);
    return sortSteps(list, sort);
  }, [all, procedure, sort]);

  return (
    <div className="space-y-3">
      <PendingToolbar procedures={procedures} />
      {query.isPending ? (
        <ListSkeleton label="Loading pending steps" />
      ) : query.isError && !all ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : shown.length === 0 ? (
        procedure && all?.length ? (
          <EmptyState
            icon={<SearchX className="size-8" aria-hidden="true" />}
            title={`No pending steps for ${procedure}`}
            action={
              <Button variant="secondary" onClick={() => setProcedure('')}>
                Show all procedures
              </Button>
            }
          >
            {all.length} {all.length === 1 ? 'step is' : 'steps are'} waiting in other procedures.
          </EmptyState>
        ) : (
          <EmptyState icon={<InboxIcon className="size-8" aria-hidden="true" />} title="Nothing waiting">
            When a procedure pauses for a human, its step appears here straight away; no need to reload.
          </EmptyState>
        )
      ) : (
        <>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-700">j</kbd> /{' '}
            <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-700">k</kbd> move,{' '}
            <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-700">Enter</kbd>{' '}
            opens ·{' '}
            <span>{`${shown.length} ${shown.length === 1 ? 'step' : 'steps'}${procedure ? ` in ${procedure}` : ''}`}</span>
          </p>
          <PendingList steps={shown} />
        </>
      )}
      {query.isError && all ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          Could not refresh the inbox ({query.error.message}). Showing what was loaded before.
        </p>
      ) : null}
    </div>
  );
}

function PendingToolbar({ procedures }: { procedures: string[] }) {
  const { sort, setSort, procedure, setProcedure, notify, setNotify } = useInboxStore();
  const onNotify = async (on: boolean) => {
    if (!on) return setNotify(false);
    const result = await enableNotifications();
    if (result.ok) {
      setNotify(true);
      toast.message('Desktop notifications are on', { description: 'You will get one when a step arrives.' });
    } else {
      setNotify(false);
      toast.message('Desktop notifications are off', { description: result.message });
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-3 rounded-lg border border-zinc-200 bg-white px-3.5 py-2.5 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center gap-2">
        <Label htmlFor="inbox-sort">Sort</Label>
        <Select
          id="inbox-sort"
          value={sort}
          onChange={(e) => setSort(e.target.value as SortOrder)}
          className="h-8 w-44"
        >
          <option value="oldest">Oldest first</option>
          <option value="newest">Newest first</option>
        </Select>
      </div>
      <div className="flex items-center gap-2">
        <Label htmlFor="inbox-procedure">Procedure</Label>
        <Select
          id="inbox-procedure"
          value={procedure}
          onChange={(e) => setProcedure(e.target.value)}
          className="h-8 w-56"
        >
          <option value="">All procedures</option>
          {procedure && !procedures.includes(procedure) ? (
            <option value={procedure}>{procedure}</option>
          ) : null}
          {procedures.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </Select>
      </div>
      <div className="ml-auto flex items-center gap-2">
        <Switch id="inbox-notify" checked={notify} onCheckedChange={(on) => void onNotify(on)} />
        <Label htmlFor="inbox-notify">Desktop notifications</Label>
      </div>
    </div>
  );
}

function HistoryTab({ poll }: { poll: boolean }) {
  const answered = useHitlSteps('answered', { poll });
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const list = answered.data ?? [];
    if (!query.trim()) return list;
    return list.filter((s) =>
      matchesSearch(
        s,
        query,
        describeAnswers(s.attributes, s.attribute_values ?? []).map((a) => a.text),
      ),
    );
  }, [answered.data, query]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 bg-white px-3.5 py-3 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="min-w-64 flex-1 space-y-1">
          <Label htmlFor="history-search">Search answered steps</Label>
          <div className="relative">
            <Search
              className="pointer-events-none absolute top-2 left-2.5 size-4 text-zinc-400"
              aria-hidden="true"
            />
            <Input
              id="history-search"
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Procedure, question, teammate, value, conversation…"
              className="h-8 pl-8"
            />
          </div>
        </div>
        {answered.data ? (
          <p className="pb-1.5 text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
            {query.trim()
              ? `${shown.length} of ${answered.data.length} answered steps`
              : `${answered.data.length} answered steps`}
          </p>
        ) : null}
      </div>
      {answered.isPending ? (
        <ListSkeleton label="Loading answered steps" />
      ) : answered.isError && !answered.data ? (
        <LoadError error={answered.error} onRetry={() => void answered.refetch()} />
      ) : shown.length === 0 ? (
        query.trim() ? (
          <EmptyState
            icon={<SearchX className="size-8" aria-hidden="true" />}
            title="No answered steps match"
            action={
              <Button variant="secondary" onClick={() => setQuery('')}>
                Clear the search
              </Button>
            }
          >
            Nothing answered matches “{query.trim()}”.
          </EmptyState>
        ) : (
          <EmptyState icon={<InboxIcon className="size-8" aria-hidden="true" />} title="No answers yet">
            Steps answered from this console appear here with who answered and the values sent.
          </EmptyState>
        )
      ) : (
        <HistoryList steps={shown} />
      )}
    </div>
  );
}

function ListSkeleton({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} className="space-y-2">
      {Array.from({ length: 5 }, (_, i) => (
        <div
          key={i}
          className="space-y-2 rounded-lg border border-zinc-200 bg-white p-3.5 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <Skeleton className="h-3 w-1/3" />
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-3 w-1/2" />
        </div>
      ))}
    </div>
  );
}

function LoadError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  return (
    <EmptyState
      tone="error"
      icon={<AlertTriangle className="size-8 text-red-500" aria-hidden="true" />}
      title="The inbox could not be loaded"
      action={<Button onClick={onRetry}>Try again</Button>}
    >
      {error.message}
    </EmptyState>
  );
}
