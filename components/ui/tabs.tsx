'use client';

import * as React from 'react';
import { cn } from '@/lib/utils';

/** WAI-ARIA tabs with automatic activation; only the selected panel is mounted. */
interface TabsState {
  value: string;
  select(value: string): void;
  id: string;
}

const TabsContext = React.createContext<TabsState | null>(null);

function useTabs(part: string): TabsState {
  const state = React.use(TabsContext);
  if (!state) throw new Error(`${part} must be inside <Tabs>`);
  return state;
}

const tabId = (id: string, value: string) => `${id}-tab-${value}`;
const panelId = (id: string, value: string) => `${id}-panel-${value}`;

export function Tabs({
  value,
  defaultValue = '',
  onValueChange,
  className,
  children,
}: {
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  className?: string;
  children: React.ReactNode;
}) {
  const [own, setOwn] = React.useState(defaultValue);
  const id = React.useId();
  const current = value ?? own;
  const state = React.useMemo<TabsState>(
    () => ({
      value: current,
      select: (next) => {
        if (value === undefined) setOwn(next);
        onValueChange?.(next);
      },
      id,
    }),
    [current, value, onValueChange, id],
  );
  return (
    <TabsContext value={state}>
      <div className={className}>{children}</div>
    </TabsContext>
  );
}

const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export function TabsList({ className, onKeyDown, ...props }: React.ComponentProps<'div'>) {
  return (
    <div
      role="tablist"
      aria-orientation="horizontal"
      className={cn('inline-flex gap-1 rounded-lg bg-zinc-100 p-1 dark:bg-zinc-800/60', className)}
      onKeyDown={(e) => {
        onKeyDown?.(e);
        const move = MOVES[e.key];
        if (!move || e.defaultPrevented) return;
        const tabs = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]:not(:disabled)')];
        const index = tabs.findIndex((t) => t === document.activeElement);
        if (index === -1) return;
        e.preventDefault();
        const next = tabs[move(index, tabs.length)];
        next?.focus();
        next?.click();
      }}
      {...props}
    />
  );
}

export function TabsTrigger({
  value,
  className,
  onClick,
  ...props
}: Omit<React.ComponentProps<'button'>, 'value'> & { value: string }) {
  const tabs = useTabs('TabsTrigger');
  const selected = tabs.value === value;
  return (
    <button
      type="button"
      role="tab"
      id={tabId(tabs.id, value)}
      aria-selected={selected}
      aria-controls={panelId(tabs.id, value)}
      data-state={selected ? 'active' : 'inactive'}
      tabIndex={selected ? 0 : -1}
      onClick={(e) => {
        onClick?.(e);
        if (!e.defaultPrevented) tabs.select(value);
      }}
      className={cn(
        'focus-visible:ring-brand-500 rounded-md px-3 py-1.5 text-sm font-medium text-zinc-600 focus-visible:ring-2 focus-visible:outline-none data-[state=active]:bg-white data-[state=active]:text-zinc-900 data-[state=active]:shadow-xs dark:text-zinc-400 dark:data-[state=active]:bg-zinc-900 dark:data-[state=active]:text-zinc-100',
        className,
      )}
      {...props}
    />
  );
}

export function TabsContent({ value, ...props }: React.ComponentProps<'div'> & { value: string }) {
  const tabs = useTabs('TabsContent');
  if (tabs.value !== value) return null;
  return (
    <div
      role="tabpanel"
      id={panelId(tabs.id, value)}
      aria-labelledby={tabId(tabs.id, value)}
      data-state="active"
      tabIndex={0}
      {...props}
    />
  );
}
