'use client';

import { Download, FileUp, Save } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FormFailure } from '@/components/ui/form';
import { notify } from '@/components/ui/notify';
import { SubmitButton } from '@/components/ui/submit-button';
import { ApiError } from '@/lib/client/api';
import { useSaveSuite } from '@/lib/client/queries/scenarios';
import type { ScenarioSuite } from '@/lib/console/scenarios';
import { parseSuiteText, SCENARIO_LIMITS, type SuiteIssue } from '@/lib/scenarios/schema';
import { cn } from '@/lib/utils';
import { downloadSuite } from './download';

const TEMPLATE = `# A scenario suite: each scenario is a run's inputs and the milestones it must reach.
# Schema: /schemas/scenario.schema.json
name: My suite
scenarios:
  - name: Order status answers and completes
    procedure_id: "41009"
    message: Where is my order?
    expect:
      - status: complete
      - fin_says: { contains: out for delivery }
`;

/** A suite's text, checked as it is typed; leads save it (`suite` null: a new suite). */
export function SuiteEditor({ suite, readOnly }: { suite: ScenarioSuite | null; readOnly: boolean }) {
  const initial = suite?.body ?? TEMPLATE;
  const [text, setText] = useState(initial);
  const save = useSaveSuite();
  const router = useRouter();
  const checked = useDeferredValue(text);
  const local = useMemo(() => {
    const parsed = parseSuiteText(checked);
    return parsed.ok ? [] : parsed.issues;
  }, [checked]);
  const remote = save.error ? serverIssues(save.error) : [];
  const issues = save.error && remote.length ? remote : local;
  const area = useRef<HTMLTextAreaElement>(null);
  const changed = text !== initial;

  const onSave = (e: React.FormEvent) => {
    e.preventDefault();
    // Not mutate's callbacks: the saved suite remounts this editor, and they would not run.
    save.mutateAsync(suite ? { id: suite.id, body: text } : { body: text }).then(
      (saved) => {
        notify.success(suite ? `Saved “${saved.name}”` : `Created “${saved.name}”`);
        if (!suite) router.push(`/scenarios/${encodeURIComponent(saved.id)}`);
      },
      () => undefined, // shown from `save.error`
    );
  };
  const jumpTo = (line: number) => {
    const el = area.current;
    if (!el) return;
    const offset =
      text
        .split('\n')
        .slice(0, line - 1)
        .join('\n').length + (line > 1 ? 1 : 0);
    el.focus();
    el.setSelectionRange(offset, offset);
    el.scrollTop = Math.max(0, (line - 3) * LINE_PX);
  };

  return (
    <form
      onSubmit={onSave}
      aria-label={suite ? `Suite file of ${suite.name}` : 'New suite'}
      className="space-y-3"
    >
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        YAML or JSON, checked as you type against the{' '}
        <a
          href="/schemas/scenario.schema.json"
          className="text-brand-700 dark:text-brand-100 underline underline-offset-2"
        >
          published schema
        </a>
        . The suite&apos;s <code>name</code> names it.
      </p>
      <LineNumberedText
        ref={area}
        value={text}
        onChange={(v) => {
          setText(v);
          if (save.error) save.reset();
        }}
        readOnly={readOnly}
        errorLines={new Set(issues.flatMap((i) => (i.line ? [i.line] : [])))}
        label="Suite file (YAML or JSON)"
      />
      <Problems issues={issues} onJump={jumpTo} />
      {save.error && !remote.length ? (
        <FormFailure title="The suite was not saved" message={save.error.message} />
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        {!readOnly ? (
          <>
            <SubmitButton
              pending={save.isPending}
              icon={Save}
              disabled={save.isPending || (!changed && suite !== null) || issues.length > 0}
            >
              {suite ? 'Save suite' : 'Create suite'}
            </SubmitButton>
            <ImportFile onText={setText} />
            {suite && changed ? (
              <Button variant="ghost" onClick={() => setText(initial)}>
                Discard changes
              </Button>
            ) : null}
          </>
        ) : null}
        {suite ? (
          <Button variant="secondary" onClick={() => downloadSuite(suite.name, text)}>
            <Download className="size-4" aria-hidden="true" />
            Download
          </Button>
        ) : null}
      </div>
    </form>
  );
}

/** The page for a new suite: the editor, started from a small example. */
export function NewSuite() {
  return (
    <Card className="space-y-3 p-5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 className="text-lg font-semibold tracking-tight">New suite</h2>
        <Button asChild variant="ghost" size="sm">
          <Link href="/scenarios">Cancel</Link>
        </Button>
      </div>
      <SuiteEditor suite={null} readOnly={false} />
    </Card>
  );
}

/** A 400's entries name `line:column` in `field` (or a path when no line is known). */
function serverIssues(error: Error): SuiteIssue[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return (error.body?.errors ?? []).map((e) => {
    const at = /^(\d+):(\d+)$/.exec(e.field ?? '');
    return {
      // The line is shown as the link to it; the message need not say it again.
      message: (e.message ?? e.code).replace(/^line \d+: /, ''),
      path: at ? '' : (e.field ?? ''),
      line: at ? Number(at[1]) : null,
      column: at ? Number(at[2]) : null,
    };
  });
}

function Problems({ issues, onJump }: { issues: SuiteIssue[]; onJump: (line: number) => void }) {
  if (issues.length === 0)
    return (
      <p className="text-xs text-emerald-700 dark:text-emerald-400" role="status">
        No problems found.
      </p>
    );
  return (
    <div
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40"
    >
      <p className="mb-1.5 text-sm font-semibold text-red-900 dark:text-red-200">
        {issues.length === 1 ? '1 problem' : `${issues.length} problems`}
      </p>
      <ul className="space-y-1 text-sm text-red-900 dark:text-red-200" aria-label="Problems">
        {issues.map((i, n) => (
          <li key={n} className="flex gap-2">
            {i.line ? (
              <button
                type="button"
                onClick={() => onJump(i.line!)}
                className="shrink-0 font-mono text-xs underline underline-offset-2"
              >
                Line {i.line}
                {i.column ? `:${i.column}` : ''}
              </button>
            ) : null}
            <span>{i.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const LINE_PX = 20;

function LineNumberedText({
  ref,
  value,
  onChange,
  readOnly,
  errorLines,
  label,
}: {
  ref: React.Ref<HTMLTextAreaElement>;
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  errorLines: Set<number>;
  label: string;
}) {
  const gutter = useRef<HTMLDivElement>(null);
  const id = useId();
  const count = value.split('\n').length;
  return (
    <div>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <div className="focus-within:border-brand-500 focus-within:ring-brand-500/30 flex h-[26rem] overflow-hidden rounded-md border border-zinc-300 bg-white font-mono text-xs leading-5 focus-within:ring-2 dark:border-zinc-700 dark:bg-zinc-950">
        <div
          ref={gutter}
          aria-hidden="true"
          className="shrink-0 overflow-hidden border-r border-zinc-200 bg-zinc-50 py-2 pb-6 text-right text-zinc-600 select-none dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
        >
          {Array.from({ length: count }, (_, i) => (
            <div
              key={i}
              className={cn(
                'px-2',
                errorLines.has(i + 1) &&
                  'bg-red-100 font-semibold text-red-700 dark:bg-red-950 dark:text-red-300',
              )}
            >
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={ref}
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          readOnly={readOnly}
          maxLength={SCENARIO_LIMITS.suiteBytes}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          wrap="off"
          className="h-full flex-1 resize-none bg-transparent px-3 py-2 text-zinc-900 focus:outline-none dark:text-zinc-100"
        />
      </div>
    </div>
  );
}

/** Reads a .yaml, .yml or .json file into the editor (nothing is saved until Save). */
function ImportFile({ onText }: { onText: (text: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
        className="sr-only"
        tabIndex={-1}
        aria-label="Suite file to import"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          if (file.size > SCENARIO_LIMITS.suiteBytes) {
            notify.error(`That file is larger than ${SCENARIO_LIMITS.suiteBytes / 1024} KiB`);
            return;
          }
          void file.text().then(onText, () => notify.error('The file could not be read'));
        }}
      />
      <Button variant="secondary" onClick={() => input.current?.click()}>
        <FileUp className="size-4" aria-hidden="true" />
        Import file
      </Button>
    </>
  );
}
