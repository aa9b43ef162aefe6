'use client';

import { cn } from '@/lib/utils';
import { Field, type FieldProps } from './field';

const fmt = new Intl.NumberFormat('en');

/** A `Field` counting its text: "123 / 10,000 characters", red once over `max` (none where the contract sets none). */
export function CountedField({
  count,
  max,
  ...field
}: Omit<FieldProps, 'after'> & { count: number; max?: number }) {
  const id = `${field.id}-count`;
  const over = max !== undefined && count > max;
  return (
    <Field
      {...field}
      describedBy={id}
      after={
        <p
          id={id}
          className={cn(
            'text-right text-xs tabular-nums',
            over ? 'font-medium text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400',
          )}
        >
          {max === undefined
            ? `${fmt.format(count)} characters`
            : `${fmt.format(count)} / ${fmt.format(max)} characters`}
          {over ? ` — ${fmt.format(count - max)} over the limit` : ''}
        </p>
      }
    />
  );
}
