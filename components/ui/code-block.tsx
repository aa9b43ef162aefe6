import { cn } from '@/lib/utils';

/** Pretty JSON (or any text) in a scrollable, focusable monospace block. */
export function CodeBlock({
  value,
  label,
  className,
}: {
  value: unknown;
  label: string;
  className?: string;
}) {
  const text = typeof value === 'string' ? value : value === undefined ? '—' : JSON.stringify(value, null, 2);
  return (
    <pre
      tabIndex={0}
      aria-label={label}
      className={cn(
        'focus-visible:ring-brand-500 max-h-80 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs leading-relaxed text-zinc-800 focus-visible:ring-2 focus-visible:outline-none dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-200',
        className,
      )}
    >
      {text}
    </pre>
  );
}
