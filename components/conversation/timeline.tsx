'use client';

import {
  AlertTriangle,
  ArrowRight,
  CircleCheck,
  CircleDot,
  FileQuestion,
  Hand,
  LifeBuoy,
  Star,
  UserRound,
} from 'lucide-react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { SafeHtml } from '@/components/common/safe-html';
import { cn } from '@/lib/utils';
import { Stamp } from './stamp';
import { STATUS_LABEL } from './status';
import { warningLines, type TimelineItem } from '@/lib/console/timeline-model';

function SystemLine({
  icon,
  children,
  at,
  tone = 'neutral',
}: {
  icon: ReactNode;
  children: ReactNode;
  at: string;
  tone?: 'neutral' | 'amber' | 'violet' | 'green';
}) {
  return (
    <p
      className={cn(
        'mx-auto max-w-xl text-center text-xs leading-relaxed text-balance',
        tone === 'neutral' && 'text-zinc-600 dark:text-zinc-400',
        tone === 'amber' && 'text-amber-800 dark:text-amber-300',
        tone === 'violet' && 'text-violet-700 dark:text-violet-300',
        tone === 'green' && 'text-emerald-800 dark:text-emerald-300',
      )}
    >
      <span aria-hidden="true" className="mr-1.5 inline-block align-[-2px]">
        {icon}
      </span>
      {children}
      <span aria-hidden="true" className="mx-1.5">
        ·
      </span>
      <Stamp at={at} />
    </p>
  );
}

function FinBubble({ children, at, streaming }: { children: ReactNode; at: string; streaming?: boolean }) {
  return (
    <div className="flex max-w-[85%] gap-2.5">
      <span
        aria-hidden="true"
        className="bg-brand-600 mt-0.5 grid size-7 shrink-0 place-items-center rounded-full text-xs font-bold text-white"
      >
        F
      </span>
      <div className="min-w-0">
        <div className="mb-0.5 flex items-center gap-2">
          <span className="text-xs font-semibold">Fin</span>
          <Stamp at={at} />
          {streaming ? <span className="text-brand-600 dark:text-brand-100 text-xs">typing…</span> : null}
        </div>
        <div className="rounded-lg rounded-tl-sm border border-zinc-200 bg-white px-3.5 py-2 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
          {children}
        </div>
      </div>
    </div>
  );
}

function Item({ item }: { item: TimelineItem }) {
  switch (item.kind) {
    case 'fin':
      return (
        <FinBubble at={item.at}>
          <SafeHtml html={item.html} />
        </FinBubble>
      );
    case 'fin-draft':
      return (
        <FinBubble at={item.at} streaming>
          <p className="text-sm leading-relaxed whitespace-pre-wrap" aria-busy="true">
            {item.text}
            <span
              aria-hidden="true"
              className="bg-brand-500 ml-0.5 inline-block h-3.5 w-1.5 animate-pulse align-middle"
            />
          </p>
        </FinBubble>
      );
    case 'user':
      return (
        <div className="ml-auto flex max-w-[85%] flex-row-reverse gap-2.5">
          <span
            aria-hidden="true"
            className="mt-0.5 grid size-7 shrink-0 place-items-center rounded-full bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200"
          >
            <UserRound className="size-4" />
          </span>
          <div className="min-w-0 text-right">
            <div className="mb-0.5 flex items-center justify-end gap-2">
              <Stamp at={item.at} />
              <span className="text-xs font-semibold capitalize">
                {item.author === 'agent' ? 'Agent' : 'User'}
              </span>
            </div>
            <div className="bg-brand-600 rounded-lg rounded-tr-sm px-3.5 py-2 text-left text-sm whitespace-pre-wrap text-white">
              {item.body}
            </div>
          </div>
        </div>
      );
    case 'status': {
      const tone =
        item.status === 'escalated'
          ? 'violet'
          : item.status === 'resolved'
            ? 'green'
            : item.status === 'awaiting_user_reply'
              ? 'amber'
              : 'neutral';
      const Icon =
        item.status === 'escalated'
          ? LifeBuoy
          : item.status === 'resolved' || item.status === 'complete'
            ? CircleCheck
            : CircleDot;
      const text =
        item.status === 'awaiting_user_reply'
          ? 'Fin is waiting for the user’s reply'
          : item.status === 'complete'
            ? 'Fin is done — control is back with you'
            : item.status === 'escalated'
              ? `Escalated${item.reason ? `: ${item.reason}` : ''}`
              : (STATUS_LABEL[item.status as keyof typeof STATUS_LABEL] ?? `Status “${item.status}”`);
      return (
        <SystemLine icon={<Icon className="size-3.5" />} at={item.at} tone={tone}>
          {text}
        </SystemLine>
      );
    }
    case 'hitl':
      return (
        <div
          className={cn(
            'mx-auto w-full max-w-xl rounded-lg border px-4 py-3 text-sm',
            item.answeredBy
              ? 'border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900'
              : 'border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/30',
          )}
        >
          <div className="flex items-center gap-2 font-medium">
            <Hand className="size-4 text-amber-600" aria-hidden="true" />
            {item.answeredBy ? `Answered by ${item.answeredBy}` : 'Paused for a teammate'}
            <span className="ml-auto">
              <Stamp at={item.at} />
            </span>
          </div>
          <p className="mt-1 text-zinc-700 dark:text-zinc-300">{item.question}</p>
          {!item.answeredBy ? (
            <Link
              href={`/inbox/${encodeURIComponent(item.stepId)}`}
              className="mt-2 inline-flex items-center gap-1 font-medium text-amber-900 underline underline-offset-2 hover:no-underline dark:text-amber-200"
            >
              Answer in the HITL inbox
              <ArrowRight className="size-3.5" aria-hidden="true" />
            </Link>
          ) : null}
        </div>
      );
    case 'escalation-requested':
      return (
        <SystemLine icon={<LifeBuoy className="size-3.5" />} at={item.at} tone="violet">
          Escalation requested from the console{item.context ? ` — note: “${item.context}”` : ''}
        </SystemLine>
      );
    case 'csat-requested':
      return (
        <SystemLine icon={<Star className="size-3.5" />} at={item.at}>
          Fin asked the user to rate the conversation
        </SystemLine>
      );
    case 'csat-submitted':
      return (
        <SystemLine icon={<Star className="size-3.5" />} at={item.at} tone="green">
          Rated “{item.rating}”{item.remark ? ` — “${item.remark}”` : ''}
        </SystemLine>
      );
    case 'other':
      return (
        <div className="mx-auto w-full max-w-xl rounded-lg border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <p className="flex items-center gap-2 font-medium">
            <FileQuestion className="size-4 text-zinc-500" aria-hidden="true" />
            {item.name ? `Fin event “${item.name}”` : 'Fin event without a name'}
            <span className="ml-auto">
              <Stamp at={item.at} />
            </span>
          </p>
          <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            This console does not know this event; it is kept as it came.
          </p>
          <pre className="mt-2 max-h-64 overflow-auto rounded bg-white p-2 text-xs dark:bg-zinc-950">
            {item.json}
          </pre>
        </div>
      );
    case 'warnings':
      return (
        <div className="mx-auto w-full max-w-xl rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/30 dark:text-amber-200">
          <p className="flex items-center gap-2 font-medium">
            <AlertTriangle className="size-4" aria-hidden="true" />
            Fin ignored some attributes
          </p>
          <ul className="mt-1 list-disc pl-6">
            {warningLines(item.errors).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      );
  }
}

/** Estimated heights before a row is measured (the bench's 10,000-event timeline starts from these). */
const ESTIMATE: Record<TimelineItem['kind'], number> = {
  fin: 88,
  'fin-draft': 76,
  user: 64,
  status: 20,
  hitl: 96,
  'escalation-requested': 20,
  'csat-requested': 20,
  'csat-submitted': 20,
  warnings: 84,
  other: 160,
};
/** Within this many px of the end counts as "at the bottom", so new events keep it in view. */
const FOLLOW_SLACK = 48;

/** Marks an item whose event differs from the contract, with what differed (also listed under Settings). */
function DriftMark({ issues }: { issues: NonNullable<TimelineItem['drift']> }) {
  return (
    <details className="mx-auto mt-1 w-full max-w-xl text-xs text-amber-800 dark:text-amber-300">
      <summary className="cursor-pointer select-none">
        <AlertTriangle className="mr-1 inline size-3.5 align-[-2px]" aria-hidden="true" />
        Contract drift ({issues.length})
      </summary>
      <ul className="mt-1 list-disc pl-6">
        {issues.map((i) => (
          <li key={`${i.path}:${i.expected}:${i.received}`}>
            <code>{i.path}</code>: expected {i.expected}, received {i.received}
          </li>
        ))}
      </ul>
    </details>
  );
}

function ItemWithDrift({ item }: { item: TimelineItem }) {
  if (!item.drift) return <Item item={item} />;
  return (
    <div data-drift="true">
      <Item item={item} />
      <DriftMark issues={item.drift} />
    </div>
  );
}

const Row = memo(ItemWithDrift);
/** One entry as the timeline draws it, for views that lay entries out themselves (the fork comparison). */
export const TimelineEntry = Row;

/**
 * The events as a virtualised chat log that follows new ones while the reader stays at the
 * bottom; the focused row stays mounted off screen so keyboard focus is never dropped.
 */
export function Timeline({ items, working }: { items: TimelineItem[]; working: boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  // By key, not index: the opening message can be put in front of the events later.
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const focused = useMemo(
    () => (focusedKey === null ? -1 : items.findIndex((i) => i.key === focusedKey)),
    [items, focusedKey],
  );

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focused < 0 || focused >= range.count || indexes.includes(focused)) return indexes;
      return [...indexes, focused].sort((a, b) => a - b);
    },
    [focused],
  );

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => ESTIMATE[items[i]?.kind ?? 'status'],
    getItemKey: (i) => items[i]?.key ?? i,
    overscan: 8,
    gap: 16,
    rangeExtractor,
  });
  // Not while scrolling down (an animated scroll would stop partway), nor while following: an
  // upward adjustment read before the shorter content renders would look like the reader leaving.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, v) =>
    !follow.current && v.scrollDirection !== 'forward' && item.end <= (v.scrollOffset ?? 0);

  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    const stick = () => {
      if (follow.current) scroller.scrollTop = scroller.scrollHeight;
    };
    stick();
    const observer = new ResizeObserver(stick);
    observer.observe(content);
    return () => observer.disconnect();
  }, []);

  // Next frame: reading geometry in the scroll event would force a second layout per frame.
  const checking = useRef(false);
  const lastTop = useRef(0);
  const onScroll = () => {
    if (checking.current) return;
    checking.current = true;
    requestAnimationFrame(() => {
      checking.current = false;
      const el = scrollRef.current;
      if (!el) return;
      // Neither at the bottom nor moved up: the content grew, so an arrival cannot end following.
      if (el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_SLACK) follow.current = true;
      else if (el.scrollTop < lastTop.current) follow.current = false;
      lastTop.current = el.scrollTop;
    });
  };
  const keyOf = (target: EventTarget | null) =>
    (target instanceof Element ? target.closest<HTMLElement>('li[data-key]')?.dataset.key : undefined) ??
    null;

  const rows = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      role="log"
      aria-label="Timeline"
      tabIndex={0}
      onScroll={onScroll}
      onFocus={(e) => setFocusedKey(keyOf(e.target))}
      onBlur={(e) => {
        if (keyOf(e.relatedTarget) === null) setFocusedKey(null);
      }}
      data-testid="timeline-scroller"
      className="focus-visible:ring-brand-500 -m-1 max-h-[70vh] [scrollbar-gutter:stable] overflow-y-auto p-1 focus-visible:ring-2 focus-visible:outline-none"
    >
      <div ref={contentRef}>
        <ol className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const item = items[row.index];
            if (!item) return null;
            return (
              <li
                key={row.key}
                data-index={row.index}
                data-key={item.key}
                data-kind={item.kind}
                ref={virtualizer.measureElement}
                aria-setsize={items.length}
                aria-posinset={row.index + 1}
                className="absolute top-0 left-0 flex w-full"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <Row item={item} />
              </li>
            );
          })}
        </ol>
        {items.length === 0 || working ? (
          <div
            className={cn('flex', items.length > 0 && 'mt-4')}
            aria-hidden={items.length > 0 ? 'true' : undefined}
          >
            <div className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
              <span className="flex gap-1">
                <span className="size-1.5 animate-bounce rounded-full bg-zinc-400 [animation-delay:-0.3s]" />
                <span className="size-1.5 animate-bounce rounded-full bg-zinc-400 [animation-delay:-0.15s]" />
                <span className="size-1.5 animate-bounce rounded-full bg-zinc-400" />
              </span>
              {items.length === 0 ? 'Waiting for Fin’s first event…' : 'Fin is working…'}
            </div>
          </div>
        ) : null}
      </div>
    </div>
  );
}
