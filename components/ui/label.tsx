import * as React from 'react';
import { cn } from '@/lib/utils';

/** A form label; like Radix's Label, a double click on its text does not select it. */
export function Label({ className, onMouseDown, ...props }: React.ComponentProps<'label'>) {
  return (
    <label
      className={cn('text-sm font-medium text-zinc-800 dark:text-zinc-200', className)}
      onMouseDown={(event) => {
        // A press on a control inside the label is the control's own.
        if ((event.target as HTMLElement).closest('button, input, select, textarea')) return;
        onMouseDown?.(event);
        if (!event.defaultPrevented && event.detail > 1) event.preventDefault();
      }}
      {...props}
    />
  );
}

export function RequiredMark({ required }: { required?: boolean }) {
  return required ? (
    <span className="ml-0.5 text-red-600" aria-hidden="true">
      *
    </span>
  ) : null;
}
