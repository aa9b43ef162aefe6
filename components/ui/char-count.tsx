import { cn } from '@/lib/utils';

const fmt = new Intl.NumberFormat('en');

/** "123 / 10,000 characters", red once over the limit. Tie it to its input with aria-describedby. */
export function CharCount({
  id,
  count,
  max,
  className,
}: {
  id: string;
  count: number;
  /** Absent where the contract states no limit: the count alone. */
  max?: number;
  className?: string;
}) {
  const over = max !== undefined && count > max;
  return (
    <p
      id={id}
      className={cn(
        'text-right text-xs tabular-nums',
        over ? 'font-medium text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400',
        className,
      )}
    >
      {max === undefined
        ? `${fmt.format(count)} characters`
        : `${fmt.format(count)} / ${fmt.format(max)} characters`}
      {over ? ` — ${fmt.format(count - max)} over the limit` : ''}
    </p>
  );
}
