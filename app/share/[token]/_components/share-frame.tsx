import type { ReactNode } from 'react';
import { BrandMark } from '@/components/shell/brand-mark';

/** A share page's own chrome: the mark and what this is, with no way into the console. */
export function ShareFrame({ children }: { children: ReactNode }) {
  return (
    <div className="flex h-screen flex-col bg-zinc-50 dark:bg-zinc-950">
      <div className="flex items-center justify-between gap-3 border-b border-zinc-200 bg-white px-6 py-2.5 dark:border-zinc-800 dark:bg-zinc-900">
        <BrandMark className="px-0 text-sm" />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Shared replay · read-only</p>
      </div>
      <main id="main" className="min-h-0 flex-1">
        {children}
      </main>
    </div>
  );
}

/** Why a share link shows nothing: a designed page that says so plainly. */
export function ShareRefusal({
  icon,
  title,
  children,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
}) {
  return (
    <ShareFrame>
      <div className="mx-auto flex max-w-lg flex-col items-center px-6 py-24 text-center">
        <div className="mb-4 grid size-14 place-items-center rounded-full bg-zinc-200/70 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
          {icon}
        </div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">{children}</p>
      </div>
    </ShareFrame>
  );
}
