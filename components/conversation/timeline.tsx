import {
  AlertTriangle,
  ArrowRight,
  CircleCheck,
  CircleDot,
  Hand,
  LifeBuoy,
  Star,
  UserRound,
} from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SafeHtml } from '@/components/common/safe-html';
import { fullTime } from '@/components/ui/relative-time';
import { cn } from '@/lib/utils';
import { STATUS_LABEL } from './status';
import { warningLines, type TimelineItem } from './timeline-model';

const clock = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const timeOf = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : clock.format(d);
};

function Stamp({ at }: { at: string }) {
  return (
    <time
      dateTime={at}
      title={fullTime(at)}
      className="text-xs text-zinc-500 tabular-nums dark:text-zinc-400"
    >
      {timeOf(at)}
    </time>
  );
}

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
              : STATUS_LABEL[item.status];
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

/** The conversation's events as a chat log, oldest first. */
export function Timeline({ items, working }: { items: TimelineItem[]; working: boolean }) {
  return (
    <div role="log" aria-label="Timeline">
      <ol className="space-y-4">
        {items.map((item) => (
          <li key={item.key} data-kind={item.kind} className="flex">
            <Item item={item} />
          </li>
        ))}
        {items.length === 0 || working ? (
          <li className="flex" aria-hidden={items.length > 0 ? 'true' : undefined}>
            <div className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
              <span className="flex gap-1">
                <span className="size-1.5 animate-bounce rounded-full bg-zinc-400 [animation-delay:-0.3s]" />
                <span className="size-1.5 animate-bounce rounded-full bg-zinc-400 [animation-delay:-0.15s]" />
                <span className="size-1.5 animate-bounce rounded-full bg-zinc-400" />
              </span>
              {items.length === 0 ? 'Waiting for Fin’s first event…' : 'Fin is working…'}
            </div>
          </li>
        ) : null}
      </ol>
    </div>
  );
}
