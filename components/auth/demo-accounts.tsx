'use client';

import { ArrowRight, Loader2 } from 'lucide-react';
import { ROLE_DESCRIPTION } from '@/lib/client/roles';
import { cn } from '@/lib/utils';
import { RoleBadge } from './role-badge';
import type { DemoAccount } from './sign-in-form';

/** The simulator's demo accounts as one-click sign-ins, each with its credentials in view. */
export function DemoAccounts({
  accounts,
  pending,
  disabled,
  onPick,
}: {
  accounts: readonly DemoAccount[];
  pending: string | null;
  disabled: boolean;
  onPick: (account: DemoAccount) => void;
}) {
  return (
    <section aria-labelledby="demo-accounts-heading" className="space-y-3">
      <div className="flex items-center gap-3">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" aria-hidden="true" />
        <h2
          id="demo-accounts-heading"
          className="text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400"
        >
          Demo accounts
        </h2>
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" aria-hidden="true" />
      </div>
      <p className="text-center text-xs text-zinc-600 dark:text-zinc-400">
        The console is running against the Fin simulator. Try it as any role:
      </p>
      <ul className="space-y-2">
        {accounts.map((a) => {
          const credsId = `demo-${a.role}-credentials`;
          return (
            <li
              key={a.email}
              className={cn(
                'group relative flex items-center gap-3 rounded-lg border border-zinc-200 bg-white px-3 py-2.5 transition-colors dark:border-zinc-800 dark:bg-zinc-900',
                'has-[:focus-visible]:ring-brand-500 has-[:focus-visible]:ring-2',
                disabled
                  ? 'opacity-70'
                  : 'hover:border-brand-500 hover:bg-brand-50/40 dark:hover:bg-brand-700/10',
              )}
            >
              <div className="min-w-0 flex-1">
                <div className="flex items-center gap-2">
                  {/* The whole card is the button's hit area; its name is only what it says. */}
                  <button
                    type="button"
                    disabled={disabled}
                    onClick={() => onPick(a)}
                    aria-label={`Sign in as ${a.name} (${a.role})`}
                    aria-describedby={credsId}
                    className="text-left text-sm font-medium after:absolute after:inset-0 after:rounded-lg focus-visible:outline-none disabled:cursor-not-allowed"
                  >
                    Sign in as {a.name}
                  </button>
                  <RoleBadge role={a.role} />
                </div>
                <p id={credsId} className="mt-0.5 font-mono text-xs text-zinc-600 dark:text-zinc-400">
                  {a.email} · {a.password}
                </p>
                <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{ROLE_DESCRIPTION[a.role]}</p>
              </div>
              {pending === a.email ? (
                <Loader2 className="size-4 shrink-0 animate-spin text-zinc-500" aria-hidden="true" />
              ) : (
                <ArrowRight
                  className="group-hover:text-brand-600 size-4 shrink-0 text-zinc-400 transition-transform group-hover:translate-x-0.5"
                  aria-hidden="true"
                />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
