import { describe, expect, it } from 'vitest';
import { cn } from './utils';

describe('cn', () => {
  it('joins conditional class names like clsx', () => {
    expect(cn('a', false, null, undefined, ['b', { c: true, d: false }])).toBe('a b c');
  });

  it('lets a later utility of the same group win, per variant', () => {
    expect(cn('px-4 py-2', 'px-2')).toBe('py-2 px-2');
    expect(cn('text-sm text-zinc-700', 'text-lg')).toBe('text-zinc-700 text-lg');
    expect(cn('text-zinc-700 hover:bg-zinc-100', 'text-red-700')).toBe('hover:bg-zinc-100 text-red-700');
    expect(cn('bg-white dark:bg-zinc-900', 'bg-zinc-50/60 dark:bg-zinc-900/60')).toBe(
      'bg-zinc-50/60 dark:bg-zinc-900/60',
    );
    expect(cn('h-4 w-full', 'h-8 w-2/3')).toBe('h-8 w-2/3');
    expect(cn('flex items-center', 'grid')).toBe('items-center grid');
    expect(cn('font-medium font-mono', 'font-semibold')).toBe('font-mono font-semibold');
  });

  it('keeps utilities of different groups that share a prefix', () => {
    expect(cn('border border-zinc-200', 'border-red-500')).toBe('border border-red-500');
    expect(cn('border-b', 'border-zinc-200')).toBe('border-b border-zinc-200');
    expect(cn('text-sm', 'text-center', 'text-red-600')).toBe('text-sm text-center text-red-600');
    expect(cn('flex flex-col', 'flex-wrap')).toBe('flex flex-col flex-wrap');
    expect(cn('ring-2 ring-brand-500')).toBe('ring-2 ring-brand-500');
  });

  it('lets a wider utility replace the narrower ones before it, not after it', () => {
    expect(cn('px-2 py-1', 'p-4')).toBe('p-4');
    expect(cn('p-4', 'px-2')).toBe('p-4 px-2');
    expect(cn('w-4 h-4', 'size-8')).toBe('size-8');
    expect(cn('rounded-tr-sm', 'rounded-md')).toBe('rounded-md');
    expect(cn('leading-relaxed', 'text-lg')).toBe('text-lg');
    expect(cn('text-sm leading-relaxed')).toBe('text-sm leading-relaxed');
  });

  it('drops exact repeats and keeps unknown classes', () => {
    expect(cn('fin-html p-4', 'fin-html')).toBe('p-4 fin-html');
    expect(cn('[animation-delay:-0.15s]', '[animation-delay:-0.3s]')).toBe('[animation-delay:-0.3s]');
  });
});
