import { AlertTriangle, CheckCircle2, Info, XCircle } from 'lucide-react';
import * as React from 'react';
import { cn } from '@/lib/utils';

const tones = {
  info: {
    box: 'border-brand-100 bg-brand-50 text-brand-700 dark:border-brand-700/50 dark:bg-brand-700/15 dark:text-brand-100',
    icon: Info,
  },
  success: {
    box: 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200',
    icon: CheckCircle2,
  },
  warning: {
    box: 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200',
    icon: AlertTriangle,
  },
  error: {
    box: 'border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200',
    icon: XCircle,
  },
} as const;

/** An inline message in place: a title, a sentence or two, optional actions. */
export const Callout = React.forwardRef<
  HTMLDivElement,
  {
    tone?: keyof typeof tones;
    title: React.ReactNode;
    children?: React.ReactNode;
    actions?: React.ReactNode;
    className?: string;
    role?: 'alert' | 'status';
  }
>(function Callout({ tone = 'info', title, children, actions, className, role }, ref) {
  const { box, icon: Icon } = tones[tone];
  return (
    <div
      ref={ref}
      role={role}
      tabIndex={-1}
      className={cn('flex gap-3 rounded-lg border p-3.5 text-sm focus:outline-none', box, className)}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div className="min-w-0 flex-1 space-y-1">
        <p className="font-semibold">{title}</p>
        {children ? <div className="leading-relaxed opacity-90">{children}</div> : null}
        {actions ? <div className="flex flex-wrap gap-2 pt-1.5">{actions}</div> : null}
      </div>
    </div>
  );
});
