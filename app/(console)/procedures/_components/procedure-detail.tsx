'use client';

import { Download, FileCode, Pencil, Play, RotateCcw, Trash2, UserRoundSearch } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FlowGraphLoader } from '@/components/procedures/flow-graph-loader';
import { StepList } from '@/components/procedures/step-list';
import { Button } from '@/components/ui/button';
import { Badge, Card } from '@/components/ui/card';
import { Callout } from '@/components/ui/callout';
import { DialogForm, FormDialog } from '@/components/ui/form-dialog';
import { notify } from '@/components/ui/notify';
import { preloadedDialog } from '@/components/ui/preloaded';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { useDeleteProcedure } from '@/lib/client/queries/procedures';
import { useCan } from '@/lib/client/session';
import { useUiStore } from '@/lib/client/ui-store';
import type { StoredProcedure } from '@/lib/procedures/api';
import { audienceInWords } from '@/lib/procedures/audience';
import { exportProcedure, SOURCE_LABEL } from './definition';

const RunProcedureDialog = preloadedDialog(() =>
  import('@/components/fin-actions/run-dialog').then((m) => m.RunProcedureDialog),
);

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{term}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

/** One procedure: what it is, who gets it, its flow, and what a lead can do with it. */
export function ProcedureDetail({ procedure: p }: { procedure: StoredProcedure }) {
  const lead = useCan('editProcedures').allowed;
  const runner = useCan('run').allowed;
  const user = useUiStore((s) => s.currentUser);
  const [open, setOpen] = useState<'run' | 'delete' | null>(null);
  const close = (o: boolean) => !o && setOpen(null);
  const path = `/procedures/${encodeURIComponent(p.id)}`;

  return (
    <article aria-labelledby="procedure-heading" className="min-w-0 space-y-4">
      <Card className="space-y-4 p-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 id="procedure-heading" className="text-lg font-semibold">
              {p.name}
            </h2>
            <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
              {p.description || 'No description.'}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            {runner ? (
              <Button size="sm" onClick={() => setOpen('run')} disabled={!user}>
                <Play className="size-3.5" aria-hidden="true" />
                Run now
              </Button>
            ) : null}
            <Button asChild size="sm" variant="secondary">
              <Link href={`${path}/edit`}>
                {lead ? (
                  <Pencil className="size-3.5" aria-hidden="true" />
                ) : (
                  <FileCode className="size-3.5" aria-hidden="true" />
                )}
                {lead ? 'Edit' : 'View definition'}
              </Link>
            </Button>
            <Button size="sm" variant="secondary" onClick={() => void exportProcedure(p, 'json')}>
              <Download className="size-3.5" aria-hidden="true" />
              Export JSON
            </Button>
            <Button size="sm" variant="secondary" onClick={() => void exportProcedure(p, 'yaml')}>
              <Download className="size-3.5" aria-hidden="true" />
              Export YAML
            </Button>
            {lead && p.source !== 'builtin' ? (
              <Button size="sm" variant="ghost" onClick={() => setOpen('delete')}>
                {p.source === 'edited' ? (
                  <RotateCcw className="size-3.5" aria-hidden="true" />
                ) : (
                  <Trash2 className="size-3.5" aria-hidden="true" />
                )}
                {p.source === 'edited' ? 'Reset to built-in' : 'Delete'}
              </Button>
            ) : null}
          </div>
        </div>
        <dl className="grid gap-4 border-t border-zinc-100 pt-4 sm:grid-cols-2 lg:grid-cols-4 dark:border-zinc-800">
          <Fact term="Id">
            <code>{p.id}</code> <Badge>{SOURCE_LABEL[p.source]}</Badge>
          </Fact>
          <Fact term="Status">
            <span className="flex flex-wrap gap-1.5">
              {p.live ? <Badge tone="green">Live</Badge> : <Badge tone="amber">Not live</Badge>}
              {p.api_trigger ? <Badge tone="brand">API trigger</Badge> : <Badge>No API trigger</Badge>}
              {p.csat ? <Badge tone="violet">CSAT</Badge> : null}
            </span>
          </Fact>
          <Fact term="Audience">{audienceInWords(p.audience)}</Fact>
          <Fact term="Steps">{p.steps.length}</Fact>
        </dl>
        {runner && !user ? (
          <Callout
            title="Pick an end user to run it for"
            actions={
              <Button asChild size="sm" variant="secondary">
                <Link href="/">
                  <UserRoundSearch className="size-3.5" aria-hidden="true" />
                  Open the catalogue
                </Link>
              </Button>
            }
          >
            Runs are for one end user: choose one in the catalogue, then come back to run this procedure.
          </Callout>
        ) : null}
      </Card>

      <Tabs defaultValue="flow">
        <TabsList aria-label="Procedure view">
          <TabsTrigger value="flow">Flow</TabsTrigger>
          <TabsTrigger value="steps">Steps</TabsTrigger>
        </TabsList>
        <TabsContent value="flow" className="mt-3">
          <FlowGraphLoader procedure={p} />
        </TabsContent>
        <TabsContent value="steps" className="mt-3">
          <StepList procedure={p} />
        </TabsContent>
      </Tabs>

      {user ? (
        <RunProcedureDialog
          procedure={{ id: p.id, name: p.name, description: p.description || undefined }}
          user={user}
          open={open === 'run'}
          onOpenChange={close}
        />
      ) : null}
      {p.source !== 'builtin' ? (
        <DeleteDialog procedure={p} open={open === 'delete'} onOpenChange={close} />
      ) : null}
    </article>
  );
}

function DeleteDialog({
  procedure: p,
  open,
  onOpenChange,
}: {
  procedure: StoredProcedure;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const remove = useDeleteProcedure();
  const reset = p.source === 'edited';
  return (
    <FormDialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) remove.reset();
      }}
      title={reset ? `Reset “${p.name}” to its built-in definition?` : `Delete “${p.name}”?`}
      description={
        reset
          ? 'Your edits are dropped and the simulator runs the built-in steps again.'
          : 'The simulator forgets it; conversations already run keep their history.'
      }
    >
      <DialogForm
        label={reset ? `Reset “${p.name}”` : `Delete “${p.name}”`}
        submit={{
          onSubmit: (e) => {
            e?.preventDefault();
            remove.mutate(p.id, {
              onSuccess: () => {
                onOpenChange(false);
                notify.success(reset ? `Reset “${p.name}”` : `Deleted “${p.name}”`);
                if (!reset) router.push('/procedures');
              },
            });
          },
          pending: remove.isPending,
          failure: remove.error,
        }}
        failureTitle={reset ? 'The procedure was not reset' : 'The procedure was not deleted'}
        cancelLabel="Keep it"
        submitLabel={reset ? 'Reset to built-in' : 'Delete procedure'}
        variant="danger"
      />
    </FormDialog>
  );
}
