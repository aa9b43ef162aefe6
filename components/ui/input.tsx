'use client';

import * as React from 'react';
import type { ControlProps } from './field';
import { cn } from '@/lib/utils';

/** What a `Field` hands the `Input`, `Textarea` or `Select` inside it. */
export const FieldControl = React.createContext<ControlProps | null>(null);
const useFieldControl = () => React.useContext(FieldControl);

const field =
  'w-full rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 placeholder:text-zinc-400 focus-visible:border-brand-500 focus-visible:ring-2 focus-visible:ring-brand-500/30 focus-visible:outline-none aria-[invalid=true]:border-red-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';

export const Input = React.forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement>>(
  function Input({ className, ...props }, ref) {
    return <input ref={ref} {...useFieldControl()} className={cn(field, 'h-9', className)} {...props} />;
  },
);

export const Textarea = React.forwardRef<
  HTMLTextAreaElement,
  React.TextareaHTMLAttributes<HTMLTextAreaElement>
>(function Textarea({ className, ...props }, ref) {
  return (
    <textarea ref={ref} {...useFieldControl()} className={cn(field, 'min-h-20 py-2', className)} {...props} />
  );
});

export const Select = React.forwardRef<HTMLSelectElement, React.SelectHTMLAttributes<HTMLSelectElement>>(
  function Select({ className, ...props }, ref) {
    return (
      <select ref={ref} {...useFieldControl()} className={cn(field, 'h-9 pr-8', className)} {...props} />
    );
  },
);
