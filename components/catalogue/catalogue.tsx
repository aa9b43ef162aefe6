'use client';

import {
  CloudAlert,
  LifeBuoy,
  MessageCircleReply,
  Play,
  RotateCw,
  Search,
  SearchX,
  Sparkles,
  Workflow,
} from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Badge, Card, EmptyState, Skeleton } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import type { ProcedureRef } from '@/components/fin-actions/run-dialog';
import { preloadedDialog } from '@/components/ui/preloaded';
import {
  splitCapabilities,
  useCapabilities,
  type StaticCapabilityType,
} from '@/lib/client/queries/capabilities';
import type { Capability, FinUser } from '@/lib/fin';
import { RoleNote } from '@/components/auth/role-note';
import { useCan } from '@/lib/client/session';

const RunProcedureDialog = preloadedDialog(() =>
  import('@/components/fin-actions/run-dialog').then((m) => m.RunProcedureDialog),
);
const AskDialog = preloadedDialog(() =>
  import('@/components/fin-actions/ask-dialog').then((m) => m.AskDialog),
);
const EscalateDialog = preloadedDialog(() =>
  import('@/components/fin-actions/escalate-dialog').then((m) => m.EscalateDialog),
);
const ReplyDialog = preloadedDialog(() =>
  import('@/components/fin-actions/reply-dialog').then((m) => m.ReplyDialog),
);

type Open = { kind: 'run'; procedure: ProcedureRef | null } | { kind: StaticCapabilityType } | null;

const ACTIONS: Record<StaticCapabilityType, { title: string; icon: typeof Sparkles; button: string }> = {
  ask: { title: 'Ask Fin', icon: Sparkles, button: 'Ask a question' },
  reply: { title: 'Reply', icon: MessageCircleReply, button: 'Reply to a conversation' },
  escalate: { title: 'Escalate', icon: LifeBuoy, button: 'Escalate' },
};

const matches = (c: Capability, q: string) =>
  !q || `${c.name ?? ''} ${c.description} ${c.type} ${c.id ?? ''}`.toLowerCase().includes(q.toLowerCase());

/** The capabilities Fin offers one end user: procedures to run and the static actions. */
export function Catalogue({ user }: { user: FinUser }) {
  const router = useRouter();
  const lead = useCan('run').allowed;
  const query = useCapabilities(user);
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter.trim());
  const [open, setOpen] = useState<Open>(null);
  const close = (o: boolean) => !o && setOpen(null);

  const { procedures, actions } = useMemo(
    () => splitCapabilities(query.data?.capabilities ?? []),
    [query.data],
  );
  const shownProcedures = procedures.filter((p) => matches(p, deferred));
  const shownActions = actions.filter((a) => matches(a, deferred));

  return (
    <section aria-labelledby="catalogue-heading" className="min-w-0 space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="catalogue-heading" className="text-lg font-semibold">
            What Fin can do for {user.name ?? user.id}
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {[
              user.name ? user.id : null,
              user.email ?? null,
              ...Object.entries(user.attributes ?? {}).map(([k, v]) => `${k}=${String(v)}`),
            ]
              .filter(Boolean)
              .join(' · ') || 'No attributes: only procedures open to everyone are listed.'}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <div className="relative">
            <Search
              className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-zinc-400"
              aria-hidden="true"
            />
            <label htmlFor="catalogue-filter" className="sr-only">
              Filter capabilities
            </label>
            <Input
              id="catalogue-filter"
              type="search"
              placeholder="Filter capabilities"
              className="w-60 pl-8"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </div>
          {lead ? (
            <Button variant="secondary" onClick={() => setOpen({ kind: 'run', procedure: null })}>
              Run by id
            </Button>
          ) : null}
        </div>
      </div>

      <RoleNote action="run">
        You can browse what Fin offers this user; a lead runs procedures, asks, replies and escalates.
      </RoleNote>

      {query.isPending ? (
        <div
          role="status"
          aria-busy="true"
          aria-label="Loading capabilities"
          className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3"
        >
          {Array.from({ length: 6 }, (_, i) => (
            <Card key={i} className="space-y-3 p-4">
              <Skeleton className="h-5 w-2/3" />
              <Skeleton className="h-3.5 w-full" />
              <Skeleton className="h-3.5 w-4/5" />
              <Skeleton className="mt-4 h-8 w-20" />
            </Card>
          ))}
        </div>
      ) : query.isError ? (
        <EmptyState
          tone="error"
          icon={<CloudAlert className="size-8 text-red-500" aria-hidden="true" />}
          title="The catalogue could not be loaded"
          action={
            <Button variant="secondary" onClick={() => void query.refetch()} disabled={query.isFetching}>
              <RotateCw className="size-4" aria-hidden="true" />
              {query.isFetching ? 'Retrying…' : 'Retry'}
            </Button>
          }
        >
          {query.error.message}
        </EmptyState>
      ) : (
        <>
          <div>
            <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              <Workflow className="size-4" aria-hidden="true" />
              Procedures
              <Badge>{shownProcedures.length}</Badge>
            </h3>
            {procedures.length === 0 ? (
              <EmptyState
                icon={<Workflow className="size-8" aria-hidden="true" />}
                title="No procedures match this user"
              >
                Procedures can target users by attributes (plan_type, vip, …). Check this user&apos;s
                attributes, or run a procedure by its id.
              </EmptyState>
            ) : shownProcedures.length === 0 ? (
              <EmptyState
                icon={<SearchX className="size-8" aria-hidden="true" />}
                title={`No procedures match “${deferred}”`}
              >
                Try another word, or clear the filter.
              </EmptyState>
            ) : (
              <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Procedures">
                {shownProcedures.map((p) => (
                  <li key={p.id}>
                    <Card className="flex h-full flex-col p-4">
                      <h4 className="font-semibold">{p.name ?? `Procedure ${p.id}`}</h4>
                      <p className="mt-1 flex-1 text-sm text-zinc-600 dark:text-zinc-400">{p.description}</p>
                      <div className="mt-4 flex items-center justify-between gap-2">
                        <code className="truncate text-xs text-zinc-500 dark:text-zinc-400">id {p.id}</code>
                        {lead ? (
                          <Button
                            size="sm"
                            aria-label={`Run ${p.name ?? p.id}`}
                            onClick={() =>
                              setOpen({
                                kind: 'run',
                                procedure: {
                                  id: p.id!,
                                  name: p.name ?? `Procedure ${p.id}`,
                                  description: p.description,
                                },
                              })
                            }
                          >
                            <Play className="size-3.5" aria-hidden="true" />
                            Run
                          </Button>
                        ) : null}
                      </div>
                    </Card>
                  </li>
                ))}
              </ul>
            )}
          </div>

          {shownActions.length > 0 ? (
            <div>
              <h3 className="mb-2 text-sm font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
                Other actions
              </h3>
              <ul className="grid gap-3 sm:grid-cols-3" aria-label="Other actions">
                {shownActions.map((a) => {
                  const meta = ACTIONS[a.type];
                  const Icon = meta.icon;
                  return (
                    <li key={a.type}>
                      <Card className="flex h-full flex-col bg-zinc-50/60 p-4 dark:bg-zinc-900/60">
                        <h4 className="flex items-center gap-2 font-semibold">
                          <Icon className="text-brand-600 dark:text-brand-100 size-4" aria-hidden="true" />
                          {meta.title}
                        </h4>
                        <p className="mt-1 flex-1 text-sm text-zinc-600 dark:text-zinc-400">
                          {a.description}
                        </p>
                        {lead ? (
                          <div className="mt-4">
                            <Button size="sm" variant="secondary" onClick={() => setOpen({ kind: a.type })}>
                              {meta.button}
                            </Button>
                          </div>
                        ) : null}
                      </Card>
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : null}
        </>
      )}

      <RunProcedureDialog
        procedure={open?.kind === 'run' ? open.procedure : null}
        user={user}
        open={open?.kind === 'run'}
        onOpenChange={close}
      />
      <AskDialog user={user} open={open?.kind === 'ask'} onOpenChange={close} />
      <EscalateDialog user={user} open={open?.kind === 'escalate'} onOpenChange={close} />
      <ReplyDialog
        user={user}
        open={open?.kind === 'reply'}
        onOpenChange={close}
        onSent={(res) => {
          setOpen(null);
          router.push(`/conversations/${encodeURIComponent(res.conversation_id)}`);
        }}
      />
    </section>
  );
}
