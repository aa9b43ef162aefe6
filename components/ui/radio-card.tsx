import * as React from 'react';
import { cn } from '@/lib/utils';

/** A native radio button drawn as a selectable card. */
export const RadioCard = React.forwardRef<
  HTMLInputElement,
  Omit<React.InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: React.ReactNode; invalid?: boolean }
>(function RadioCard({ label, invalid, className, id, ...props }, ref) {
  return (
    <label
      htmlFor={id}
      className={cn(
        'flex min-w-24 cursor-pointer items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm transition-colors',
        'has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-700 hover:bg-zinc-50',
        'has-[:focus-visible]:ring-brand-500/40 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60 has-[:focus-visible]:ring-2',
        'dark:has-[:checked]:border-brand-500 dark:has-[:checked]:bg-brand-700/25 dark:has-[:checked]:text-brand-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800',
        invalid && 'border-red-500 dark:border-red-500',
        className,
      )}
    >
      <input ref={ref} id={id} type="radio" className="accent-brand-600 size-4" {...props} />
      <span>{label}</span>
    </label>
  );
});
