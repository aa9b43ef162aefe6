'use client';

import { Sparkles } from 'lucide-react';
import { useId } from 'react';
import { Badge, Card } from '@/components/ui/card';
import type { FinUser } from '@/lib/fin';
import { cn } from '@/lib/utils';

const text = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** "VIP" for a VIP, else the plan: what the built-in audience rules look at. */
export function sampleTier(u: FinUser): string {
  return u.attributes?.vip === true ? 'VIP' : (text(u.attributes?.plan_type) ?? 'User');
}

/** The simulator's seeded end users as one-click picks; nothing when there are none. */
export function SampleUsers({
  users,
  currentId,
  onPick,
}: {
  users: FinUser[];
  currentId: string | undefined;
  onPick: (user: FinUser) => void;
}) {
  const idPrefix = useId();
  if (users.length === 0) return null;
  return (
    <Card className="p-4">
      <h2 className="mb-1 flex items-center gap-2 text-base font-semibold">
        <Sparkles className="size-4 text-zinc-500" aria-hidden="true" />
        Sample end users
      </h2>
      <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">
        Seeded in the simulator; each plan sees a different catalogue.
      </p>
      <ul className="space-y-1.5" aria-label="Sample end users">
        {users.map((u) => {
          const tier = sampleTier(u);
          const plan = text(u.attributes?.plan_type);
          const company = text(u.attributes?.company_name);
          const current = u.id === currentId;
          const detailId = `${idPrefix}-${u.id}`;
          return (
            <li key={u.id}>
              <button
                type="button"
                aria-describedby={detailId}
                aria-pressed={current}
                onClick={() => onPick(u)}
                className={cn(
                  'flex w-full items-center gap-3 rounded-md border px-3 py-2 text-left text-sm transition-colors',
                  'focus-visible:ring-brand-500 focus-visible:ring-2 focus-visible:ring-offset-2 focus-visible:outline-none dark:focus-visible:ring-offset-zinc-950',
                  current
                    ? 'border-brand-500 bg-brand-50 dark:border-brand-500 dark:bg-brand-700/20'
                    : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800',
                )}
              >
                <Badge
                  tone={tier === 'VIP' ? 'violet' : tier === 'Pro' ? 'brand' : 'neutral'}
                  className="w-16 justify-center"
                >
                  {tier}
                </Badge>
                <span className="sr-only"> · </span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">{u.name ?? u.id}</span>
                  {/* Read as the description, so the name stays "VIP · Sofia Almeida". */}
                  <span
                    id={detailId}
                    aria-hidden="true"
                    className="block truncate text-xs text-zinc-600 dark:text-zinc-400"
                  >
                    {[plan ? `${plan} plan` : null, company].filter(Boolean).join(' · ')}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
