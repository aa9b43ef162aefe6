import { cn } from '@/lib/utils';

type Column = string | { label: string; className?: string; srOnly?: boolean };

/**
 * A bordered table that scrolls sideways, with a caption for screen readers and a header row.
 * `focusable`: for a table that may be wider than its box, so the keyboard can scroll it too.
 */
export function Table({
  caption,
  columns,
  children,
  focusable = false,
}: {
  caption: string;
  columns: Column[];
  children: React.ReactNode;
  focusable?: boolean;
}) {
  return (
    <div
      className="focus-visible:ring-brand-500 overflow-x-auto rounded-md border border-zinc-200 focus-visible:ring-2 focus-visible:outline-none dark:border-zinc-800"
      {...(focusable ? { tabIndex: 0, role: 'region', 'aria-label': `${caption} table` } : {})}
    >
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-800/50 dark:text-zinc-400">
          <tr>
            {columns.map((c) => {
              const { label, className, srOnly } = typeof c === 'string' ? { label: c } : c;
              return (
                <th key={label} scope="col" className={cn('px-3 py-2 font-medium', className)}>
                  {srOnly ? <span className="sr-only">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}
