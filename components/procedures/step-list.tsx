import { cn } from '@/lib/utils';
import { END_ID, KIND_LABEL, procedureGraph } from './graph-model';
import { KIND_ICON, KIND_TONE } from './step-style';
import type { ProcedureDef } from '@/lib/procedures/schema';

/** The flow as text, in step order: what each step does and where it goes next. */
export function StepList({ procedure }: { procedure: Pick<ProcedureDef, 'steps'> }) {
  const { nodes, edges } = procedureGraph(procedure);
  const name = (id: string) => (id === END_ID ? 'the end (resolved)' : id);
  return (
    <ol aria-label="Steps" className="space-y-2">
      {nodes
        .filter((n) => n.kind !== 'end')
        .map((n, i) => {
          const Icon = KIND_ICON[n.kind];
          const out = edges.filter((e) => e.source === n.id);
          return (
            <li key={n.id} className={cn('rounded-lg border px-3 py-2 text-sm', KIND_TONE[n.kind].box)}>
              <p className="flex flex-wrap items-center gap-2">
                <span className="text-xs text-zinc-600 tabular-nums dark:text-zinc-400">{i + 1}.</span>
                <span
                  className={cn(
                    'inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium',
                    KIND_TONE[n.kind].chip,
                  )}
                >
                  <Icon className="size-3" aria-hidden="true" />
                  {KIND_LABEL[n.kind]}
                </span>
                <code className="text-xs text-zinc-600 dark:text-zinc-400">{n.id}</code>
              </p>
              {n.lines.length ? (
                <ul className="mt-1 space-y-0.5 text-zinc-700 dark:text-zinc-300">
                  {n.lines.map((line, j) => (
                    <li key={j}>{line}</li>
                  ))}
                </ul>
              ) : null}
              {out.length ? (
                <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
                  {out.map((e) => `${e.label ? `${e.label} → ` : 'then → '}${name(e.target)}`).join(' · ')}
                </p>
              ) : null}
            </li>
          );
        })}
    </ol>
  );
}
