import { CheckCircle2, CircleDashed, Loader2, TriangleAlert, XCircle } from 'lucide-react';
import { Badge } from '@/components/ui/card';
import type { ScenarioResult } from '@/lib/console/scenarios';
import { cn } from '@/lib/utils';

type ScenarioStatus = ScenarioResult['status'];

const LOOK = {
  passed: { label: 'Passed', tone: 'green', icon: CheckCircle2 },
  failed: { label: 'Failed', tone: 'red', icon: XCircle },
  error: { label: 'Error', tone: 'amber', icon: TriangleAlert },
  running: { label: 'Running', tone: 'brand', icon: Loader2 },
  pending: { label: 'Waiting', tone: 'neutral', icon: CircleDashed },
} as const;

/** A run's or a scenario's state; a run is never `pending`, a scenario is until it starts. */
export function RunStatusBadge({ status, className }: { status: ScenarioStatus; className?: string }) {
  const { label, tone, icon: Icon } = LOOK[status];
  return (
    <Badge tone={tone} className={cn('whitespace-nowrap', className)} data-status={status}>
      <Icon className={cn('size-3', status === 'running' && 'animate-spin')} aria-hidden="true" />
      {label}
    </Badge>
  );
}

/** The icon alone, for a result row whose name sits beside it. */
export function RunStatusIcon({ status }: { status: ScenarioStatus }) {
  const { icon: Icon } = LOOK[status];
  const colour = {
    passed: 'text-emerald-600 dark:text-emerald-400',
    failed: 'text-red-600 dark:text-red-400',
    error: 'text-amber-600 dark:text-amber-400',
    running: 'text-brand-600 animate-spin',
    pending: 'text-zinc-400',
  }[status];
  return <Icon className={cn('size-4 shrink-0', colour)} aria-hidden="true" />;
}
