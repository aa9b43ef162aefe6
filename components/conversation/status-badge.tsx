import { Badge } from '@/components/ui/card';
import type { FinStatus } from '@/lib/fin';
import { cn } from '@/lib/utils';
import { isWorking, STATUS_LABEL, STATUS_TONE } from './status';

export function StatusBadge({ status, className }: { status: FinStatus; className?: string }) {
  return (
    <Badge tone={STATUS_TONE[status]} className={cn('whitespace-nowrap', className)} data-status={status}>
      <span
        aria-hidden="true"
        className={cn('size-1.5 rounded-full bg-current', isWorking(status) && 'animate-pulse')}
      />
      {STATUS_LABEL[status]}
    </Badge>
  );
}
