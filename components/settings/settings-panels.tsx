'use client';

import { Sun, UserRound } from 'lucide-react';
import { Card, Skeleton } from '@/components/ui/card';
import { useHydrated } from '@/components/ui/use-hydrated';
import { RoleBadge } from '@/components/auth/role-badge';
import { THEMES, useTheme } from '@/components/shell/themes';
import { ROLE_DESCRIPTION } from '@/lib/client/roles';
import { useSession } from '@/lib/client/session';
import { cn } from '@/lib/utils';

export function Section({
  icon,
  title,
  description,
  children,
}: {
  icon: React.ReactNode;
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  const id = `settings-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card className="p-5">
      <section aria-labelledby={id} className="grid gap-4 md:grid-cols-[16rem_1fr]">
        <div>
          <h2 id={id} className="flex items-center gap-2 text-base font-semibold">
            <span aria-hidden="true" className="text-zinc-500">
              {icon}
            </span>
            {title}
          </h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
        </div>
        <div className="min-w-0">{children}</div>
      </section>
    </Card>
  );
}

/** The signed-in account: who the console records on claims, answers and the audit log. */
function Account() {
  const me = useSession();
  if (!me) return null;
  return (
    <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2 text-sm">
      <dt className="text-zinc-500 dark:text-zinc-400">Name</dt>
      <dd data-testid="account-name">{me.name}</dd>
      <dt className="text-zinc-500 dark:text-zinc-400">Email</dt>
      <dd>{me.email ?? '—'}</dd>
      <dt className="text-zinc-500 dark:text-zinc-400">Role</dt>
      <dd className="flex flex-wrap items-center gap-2">
        <RoleBadge role={me.role} />
        <span className="text-zinc-600 dark:text-zinc-400">{ROLE_DESCRIPTION[me.role]}</span>
      </dd>
    </dl>
  );
}

function ThemePicker() {
  const [theme, setTheme] = useTheme();
  return (
    <fieldset>
      <legend className="sr-only">Theme</legend>
      <div className="grid max-w-md grid-cols-3 gap-2">
        {THEMES.map(({ value, label, icon: Icon }) => (
          <label
            key={value}
            className={cn(
              'has-[:focus-visible]:ring-brand-500 relative flex cursor-pointer flex-col items-center gap-1.5 rounded-lg border px-3 py-3 text-sm font-medium has-[:focus-visible]:ring-2',
              theme === value
                ? 'border-brand-500 bg-brand-50 text-brand-700 dark:bg-brand-700/25 dark:text-brand-100'
                : 'border-zinc-200 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800',
            )}
          >
            <input
              type="radio"
              name="theme"
              value={value}
              checked={theme === value}
              onChange={() => setTheme(value)}
              className="absolute inset-0 cursor-pointer opacity-0"
            />
            <Icon className="size-5" aria-hidden="true" />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** "Fin simulator", "Intercom (EU)" or "Custom Fin API" from a connection target. */
export function describeFinApi(target: string): string {
  if (target === 'simulator') return 'Fin simulator';
  const region = /^intercom-(\w+)$/i.exec(target)?.[1];
  if (region) return `Intercom (${region.toUpperCase()})`;
  if (target === 'custom') return 'Custom Fin API';
  return target;
}

export function describeStore(store: string): string {
  if (store === 'pglite') return 'PGlite (embedded, in the data folder)';
  if (store === 'postgres') return 'PostgreSQL (DATABASE_URL)';
  return store;
}

/** Who is signed in and the theme (the Fin API connection is its own panel). */
export function SettingsPanels() {
  const hydrated = useHydrated();
  return (
    <div className="space-y-4">
      <Section
        icon={<UserRound className="size-4" />}
        title="You"
        description="The signed-in account, recorded on HITL claims and answers."
      >
        <Account />
      </Section>
      <Section
        icon={<Sun className="size-4" />}
        title="Theme"
        description="Light, dark, or follow the system."
      >
        {hydrated ? <ThemePicker /> : <Skeleton className="h-20 max-w-md" />}
      </Section>
    </div>
  );
}
