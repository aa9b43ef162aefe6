'use client';

import { ChartColumnBig, LayoutGrid, Inbox, MessagesSquare, Settings, Workflow } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/lib/utils';
import { THEMES, useTheme } from './themes';

const links = [
  { href: '/', label: 'Catalogue', icon: LayoutGrid },
  { href: '/procedures', label: 'Procedures', icon: Workflow },
  { href: '/conversations', label: 'Conversations', icon: MessagesSquare },
  { href: '/inbox', label: 'HITL inbox', icon: Inbox },
  { href: '/insights', label: 'Insights', icon: ChartColumnBig },
  { href: '/settings', label: 'Settings', icon: Settings },
] as const;

function isActive(pathname: string, href: string) {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-row gap-1 md:flex-col">
      {links.map(({ href, label, icon: Icon }) => {
        const active = isActive(pathname, href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'focus-visible:ring-brand-500 flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium transition-colors focus-visible:ring-2 focus-visible:outline-none',
              active
                ? 'bg-brand-50 text-brand-700 dark:bg-brand-700/25 dark:text-brand-100'
                : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
            )}
          >
            <Icon className="size-4" aria-hidden="true" />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

export function ThemeToggle() {
  const [theme, setTheme] = useTheme();
  return (
    <div
      role="group"
      aria-label="Theme"
      className="inline-flex rounded-md border border-zinc-200 p-0.5 dark:border-zinc-800"
    >
      {THEMES.map(({ value, label, icon: Icon }) => (
        <button
          key={value}
          type="button"
          aria-label={`${label} theme`}
          aria-pressed={theme === value}
          onClick={() => setTheme(value)}
          className={cn(
            'focus-visible:ring-brand-500 rounded p-1.5 text-zinc-500 focus-visible:ring-2 focus-visible:outline-none',
            theme === value && 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100',
          )}
        >
          <Icon className="size-3.5" aria-hidden="true" />
        </button>
      ))}
    </div>
  );
}
