import { fullTime } from '@/components/ui/relative-time';
import { cn } from '@/lib/utils';

const clock = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const timeOf = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : clock.format(d);
};

/** The time of day a timeline entry happened, the full date on hover. */
export function Stamp({ at, className }: { at: string; className?: string }) {
  return (
    <time
      dateTime={at}
      title={fullTime(at)}
      className={cn('text-xs text-zinc-500 tabular-nums dark:text-zinc-400', className)}
    >
      {timeOf(at)}
    </time>
  );
}
