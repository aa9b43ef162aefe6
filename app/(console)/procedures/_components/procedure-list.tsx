'use client';

import Link from 'next/link';
import { Badge } from '@/components/ui/card';
import type { StoredProcedure } from '@/lib/procedures/api';
import { cn } from '@/lib/utils';
import { SOURCE_LABEL } from './definition';

/** Every procedure the simulator holds, each a link to its page. */
export function ProcedureList({
  procedures,
  selectedId,
}: {
  procedures: StoredProcedure[];
  selectedId: string | null;
}) {
  return (
    <nav aria-label="Procedures">
      <ul className="space-y-1">
        {procedures.map((p) => {
          const selected = p.id === selectedId;
          return (
            <li key={p.id}>
              <Link
                href={`/procedures/${encodeURIComponent(p.id)}`}
                aria-current={selected ? 'page' : undefined}
                className={cn(
                  'focus-visible:ring-brand-500 block rounded-md border px-3 py-2 transition-colors focus-visible:ring-2 focus-visible:outline-none',
                  selected
                    ? 'border-brand-100 bg-brand-50 dark:border-brand-700/50 dark:bg-brand-700/20'
                    : 'border-transparent hover:bg-zinc-100 dark:hover:bg-zinc-800/60',
                )}
              >
                <span className="block truncate text-sm font-medium">{p.name}</span>
                <span className="mt-1 flex flex-wrap items-center gap-1.5">
                  <code className="text-xs text-zinc-600 dark:text-zinc-400">{p.id}</code>
                  {p.live ? <Badge tone="green">Live</Badge> : <Badge tone="amber">Not live</Badge>}
                  {p.source !== 'builtin' ? <Badge tone="violet">{SOURCE_LABEL[p.source]}</Badge> : null}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
