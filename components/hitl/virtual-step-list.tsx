'use client';

import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode, type RefObject } from 'react';
import type { HitlStep } from '@/lib/console/types';

export function useStepVirtualizer(steps: HitlStep[], rowSize: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: steps.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowSize,
    overscan: 6,
    getItemKey: (i) => steps[i]?.step_id ?? i,
  });
  return { scrollRef, virtualizer };
}

/** The scrolling list of steps; rows are measured unless `fixedHeight` places them without layout. */
export function VirtualStepList({
  label,
  steps,
  scrollRef,
  virtualizer,
  fixedHeight,
  testId,
  renderRow,
}: {
  label: string;
  steps: HitlStep[];
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  fixedHeight?: number;
  testId?: string;
  renderRow: (step: HitlStep) => ReactNode;
}) {
  return (
    <div
      ref={scrollRef}
      className="max-h-[calc(100vh-17rem)] min-h-64 [scrollbar-gutter:stable] overflow-y-auto rounded-lg"
      data-testid={testId}
    >
      <ul
        role="list"
        aria-label={label}
        className="relative w-full"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const step = steps[item.index];
          if (!step) return null;
          return (
            <li
              key={item.key}
              data-index={fixedHeight ? undefined : item.index}
              ref={fixedHeight ? undefined : virtualizer.measureElement}
              aria-setsize={steps.length}
              aria-posinset={item.index + 1}
              className="absolute top-0 left-0 w-full pb-2"
              style={{ height: fixedHeight, transform: `translateY(${item.start}px)` }}
            >
              {renderRow(step)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
