'use client';

import { CircleAlert, CircleCheck, Download, Save, Upload } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { RoleNote } from '@/components/auth/role-note';
import { FlowGraphLoader } from '@/components/procedures/flow-graph-loader';
import {
  convertSource,
  formatValue,
  parseSource,
  placeIssues,
  splitPath,
  type SourceFormat,
  type SourceIssue,
} from '@/components/procedures/source';
import { SourceEditor } from '@/components/procedures/source-editor';
import { Button } from '@/components/ui/button';
import { Card, EmptyState, Skeleton } from '@/components/ui/card';
import { Callout } from '@/components/ui/callout';
import { LoadFailed } from '@/components/ui/load-failed';
import { notify } from '@/components/ui/notify';
import { ApiError } from '@/lib/client/api';
import { useCreateProcedure, useProcedure, useUpdateProcedure } from '@/lib/client/queries/procedures';
import { useCan } from '@/lib/client/session';
import type { StoredProcedure } from '@/lib/procedures/api';
import { parseProcedure, parseProcedureDraft, type ProcedureInput } from '@/lib/procedures/schema';
import { cn } from '@/lib/utils';
import { definitionOf, download } from './definition';
import { SchemaLink } from './header-actions';
import { starterProcedure } from './starter';

/** Large enough for a procedure at every size limit, small enough to read in the browser at once. */
const MAX_IMPORT_BYTES = 1_000_000;

/** The editor for a new procedure (`id` null) or a saved one. */
export function ProcedureEditor({ id }: { id: string | null }) {
  if (id === null) return <EditorForm original={null} />;
  return <EditExisting id={id} />;
}

function EditExisting({ id }: { id: string }) {
  const query = useProcedure(id);
  if (query.isPending)
    return (
      <div className="grid gap-4 xl:grid-cols-2" role="status" aria-label="Loading the procedure">
        <Skeleton className="h-[36rem]" />
        <Skeleton className="h-[36rem]" />
      </div>
    );
  if (query.isError)
    return (
      <LoadFailed title="The procedure could not be loaded" error={query.error} onRetry={query.refetch} />
    );
  return <EditorForm original={query.data} />;
}

function EditorForm({ original }: { original: StoredProcedure | null }) {
  const router = useRouter();
  const lead = useCan('editProcedures').allowed;
  const [format, setFormat] = useState<SourceFormat>('json');
  const [text, setText] = useState(() =>
    formatValue(original ? definitionOf(original) : starterProcedure(), 'json'),
  );
  const [serverIssues, setServerIssues] = useState<{ text: string; issues: SourceIssue[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const create = useCreateProcedure();
  const update = useUpdateProcedure();
  const fileInput = useRef<HTMLInputElement>(null);
  const [jumpTo, setJumpTo] = useState<SourceIssue | null>(null);

  const checked = useDeferredValue(text);
  const result = useMemo(() => {
    const parsed = parseSource(checked);
    if (parsed.syntax.length) return { issues: parsed.syntax, value: null };
    const outcome = original ? parseProcedure(parsed.value) : parseProcedureDraft(parsed.value);
    if (!outcome.success) return { issues: placeIssues(parsed, outcome.issues), value: null };
    return { issues: [], value: outcome.data };
  }, [checked, original]);
  const issues = serverIssues?.text === text ? serverIssues.issues : result.issues;
  const idMismatch = original && result.value && result.value.id !== original.id;

  const changeFormat = (next: SourceFormat) => {
    if (next === format) return;
    const converted = convertSource(text, next);
    if (converted === null) {
      notify.error('Fix the syntax first', { description: 'Only text that parses can be converted.' });
      return;
    }
    setFormat(next);
    setText(converted);
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      notify.error(`${file.name} is too large`, { description: 'A procedure file is at most 1 MB.' });
      return;
    }
    setFormat(/\.ya?ml$/i.test(file.name) ? 'yaml' : 'json');
    setText(await file.text());
  };

  const save = async () => {
    if (!result.value || idMismatch) return;
    setFailure(null);
    const sent = text;
    try {
      const def = result.value as ProcedureInput;
      const saved = original
        ? await update.mutateAsync({ id: original.id, def })
        : await create.mutateAsync(def);
      notify.success(`Saved “${saved.name}”`);
      router.push(`/procedures/${encodeURIComponent(saved.id)}`);
    } catch (err) {
      const entries = err instanceof ApiError ? (err.body?.errors ?? []).filter((e) => e.field) : [];
      if (entries.length) {
        const parsed = parseSource(sent);
        const placed = placeIssues(
          parsed,
          entries.map((e) => ({ path: splitPath(e.field!), message: e.message ?? e.code })),
        );
        setServerIssues({ text: sent, issues: placed });
      }
      setFailure(err instanceof Error ? err.message : 'The procedure was not saved');
    }
  };
  const pending = create.isPending || update.isPending;
  const title = !original ? 'Definition' : lead ? `Edit “${original.name}”` : original.name;

  return (
    <div className="space-y-4">
      <RoleNote action="editProcedures">You can read the definition; a lead edits and saves it.</RoleNote>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-semibold">{title}</h2>
        <div className="flex flex-wrap items-center gap-2">
          <div
            role="group"
            aria-label="Format"
            className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
          >
            {(['json', 'yaml'] as const).map((f) => (
              <button
                key={f}
                type="button"
                aria-pressed={format === f}
                onClick={() => changeFormat(f)}
                className={cn(
                  'focus-visible:ring-brand-500 rounded px-2.5 py-1 text-sm font-medium text-zinc-600 focus-visible:ring-2 focus-visible:outline-none dark:text-zinc-300',
                  format === f && 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100',
                )}
              >
                {f.toUpperCase()}
              </button>
            ))}
          </div>
          {lead ? (
            <>
              <input
                ref={fileInput}
                type="file"
                accept=".json,.yaml,.yml,application/json,application/yaml"
                className="sr-only"
                tabIndex={-1}
                aria-label="Procedure file"
                onChange={(e) => {
                  void importFile(e.target.files?.[0]);
                  e.target.value = '';
                }}
              />
              <Button size="sm" variant="secondary" onClick={() => fileInput.current?.click()}>
                <Upload className="size-3.5" aria-hidden="true" />
                Import
              </Button>
            </>
          ) : null}
          <Button
            size="sm"
            variant="secondary"
            onClick={() => download(`procedure-${original?.id ?? 'new'}`, text, format)}
          >
            <Download className="size-3.5" aria-hidden="true" />
            Export
          </Button>
          <SchemaLink />
        </div>
      </div>

      <div className="grid items-start gap-4 xl:grid-cols-2">
        <div className="min-w-0 space-y-3">
          <SourceEditor
            value={text}
            onChange={setText}
            format={format}
            issues={issues}
            label={`Procedure definition (${format.toUpperCase()})`}
            readOnly={!lead}
            jumpTo={jumpTo}
          />
          {lead ? (
            <Problems
              issues={issues}
              idMismatch={idMismatch ? original.id : null}
              onSelect={(i) => setJumpTo({ ...i })}
            />
          ) : null}
        </div>
        <div className="min-w-0 space-y-3">
          <h3 className="text-sm font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
            Preview
          </h3>
          {result.value ? (
            <FlowGraphLoader procedure={result.value} />
          ) : (
            <EmptyState
              icon={<CircleAlert className="size-8" aria-hidden="true" />}
              title="Nothing to draw yet"
              className="h-[32rem]"
            >
              The flow is drawn once the definition has no problems.
            </EmptyState>
          )}
        </div>
      </div>

      {failure ? (
        <Callout tone="error" role="alert" title="The procedure was not saved">
          {failure}
        </Callout>
      ) : null}
      <Card className="flex flex-wrap items-center justify-end gap-2 p-3">
        <Button asChild variant="secondary">
          <Link href={original ? `/procedures/${encodeURIComponent(original.id)}` : '/procedures'}>
            {lead ? 'Cancel' : 'Back to the procedure'}
          </Link>
        </Button>
        {lead ? (
          <Button onClick={() => void save()} disabled={pending || !result.value || Boolean(idMismatch)}>
            <Save className="size-4" aria-hidden="true" />
            {pending ? 'Saving…' : 'Save procedure'}
          </Button>
        ) : null}
      </Card>
    </div>
  );
}

function Problems({
  issues,
  idMismatch,
  onSelect,
}: {
  issues: SourceIssue[];
  idMismatch: string | null;
  onSelect: (issue: SourceIssue) => void;
}) {
  const count = issues.length + (idMismatch ? 1 : 0);
  return (
    <div aria-live="polite">
      {count === 0 ? (
        <p className="flex items-center gap-1.5 text-sm text-emerald-700 dark:text-emerald-400">
          <CircleCheck className="size-4" aria-hidden="true" />
          No problems: the simulator will accept this definition.
        </p>
      ) : (
        <div className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
          <p className="font-semibold">
            {count === 1 ? '1 problem' : `${count} problems`} to fix before saving
          </p>
          <ul aria-label="Problems" className="mt-1.5 space-y-1 font-mono text-xs">
            {issues.map((i, n) => (
              <li key={n}>
                <button
                  type="button"
                  onClick={() => onSelect(i)}
                  className="text-left hover:underline focus-visible:underline focus-visible:outline-none"
                >
                  line {i.line}: {i.path ? `${i.path}: ` : ''}
                  {i.message}
                </button>
              </li>
            ))}
            {idMismatch ? <li>id: keep the id {idMismatch}; to copy it, make a new procedure</li> : null}
          </ul>
        </div>
      )}
    </div>
  );
}
