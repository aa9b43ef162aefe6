'use client';

import {
  ChevronLeft,
  ChevronRight,
  Hand,
  LifeBuoy,
  Pause,
  Play,
  Star,
  StickyNote,
  UserRound,
  X,
} from 'lucide-react';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { SafeHtml } from '@/components/common/safe-html';
import { STATUS_LABEL } from '@/components/conversation/status';
import { Stamp as TimeStamp } from '@/components/conversation/stamp';
import { StatusBadge } from '@/components/conversation/status-badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import { fullTime } from '@/components/ui/relative-time';
import type { ReplayData, ReplayHitl, ReplayNote, ReplayStep } from '@/lib/console/replay';
import { cn } from '@/lib/utils';
import { ReplayHitlSummary } from './replay-hitl';
import { buildFrames, frameText, ReplayClock, SPEEDS, type GapMode, type Speed } from './replay-model';

// The form (react-hook-form and the field registry) loads beside the page; its summary stands in meanwhile.
const ReplayHitlForm = preloaded(
  () => import('./replay-hitl-form').then((m) => m.ReplayHitlForm),
  ReplayHitlSummary,
);

// Only leads write notes: the editor stays out of everyone else's first load.
const NoteEditor = preloaded(
  () => import('./note-editor').then((m) => m.NoteEditor),
  () => null,
);

export interface ReplayPlayerProps {
  data: ReplayData;
  /** Offer the note editor on the current step (the server still decides). */
  canEditNotes?: boolean;
  onSaveNote?: (seq: number, body: string) => Promise<void>;
  /** Leaves the presenter view (Esc, or the close button); none on a page with nowhere to go back to. */
  onExit?: () => void;
}

/** Keys inside text fields and native controls belong to them, not to the player. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  if (target instanceof HTMLInputElement) return target.type !== 'range' || key !== 'Escape';
  return key === ' ' && (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement);
}

/** A conversation played back for an audience: large type, a control bar, notes; it fetches nothing. */
export function ReplayPlayer({ data, canEditNotes = false, onSaveNote, onExit }: ReplayPlayerProps) {
  const frames = useMemo(() => buildFrames(data.steps), [data.steps]);
  const [speed, setSpeed] = useState<Speed>(1);
  const [gaps, setGaps] = useState<GapMode>('compressed');
  const [player] = useState(() => new ReplayClock(frames, { speed, gaps }));
  useEffect(() => {
    player.setFrames(frames);
  }, [player, frames]);
  useEffect(() => {
    player.setOptions({ speed, gaps });
  }, [player, speed, gaps]);
  useEffect(() => () => player.stop(), [player]);
  const state = useSyncExternalStore(player.subscribe, player.getState, player.getState);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || ownsKey(e.target, e.key)) return;
      const action = {
        ' ': () => player.dispatch({ type: 'toggle' }),
        ArrowLeft: () => player.dispatch({ type: 'previous' }),
        ArrowRight: () => player.dispatch({ type: 'next' }),
        Escape: () => onExit?.(),
      }[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [player, onExit]);

  const current = useRef<HTMLLIElement>(null);
  // Braces: browsers that make scrolling return a promise would hand React a non-function cleanup.
  useEffect(() => {
    current.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [state.frame]);

  const notes = useMemo(() => new Map(data.notes.map((n) => [n.seq, n])), [data.notes]);
  const hitl = useMemo(() => new Map(data.hitl.map((h) => [h.seq, h])), [data.hitl]);
  const c = data.conversation;
  const shown = frames.slice(0, state.frame + 1);
  const currentStep = frames[state.frame]?.step;
  const position = frameText(frames, state.frame);

  return (
    <div className="flex h-full flex-col bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 bg-white px-6 py-4 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="min-w-0">
          <p className="text-brand-700 dark:text-brand-100 text-sm font-semibold tracking-wide uppercase">
            Replay
          </p>
          <h1 className="truncate text-3xl font-semibold tracking-tight">{c.title}</h1>
          <p className="mt-0.5 text-base text-zinc-600 dark:text-zinc-400">
            for {c.user.name ?? c.user.id} · {fullTime(c.started_at)}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <StatusBadge status={c.status} className="text-sm" />
          {onExit ? (
            <Button variant="secondary" onClick={onExit} aria-keyshortcuts="Escape">
              <X className="size-4" aria-hidden="true" />
              Leave presenter view
            </Button>
          ) : null}
        </div>
      </header>

      {/* Focusable so keyboard users can scroll back through a long story. */}
      <div
        tabIndex={0}
        role="region"
        aria-label="Replay"
        className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-none"
      >
        {frames.length === 0 ? (
          <div className="mx-auto max-w-xl px-6 py-16">
            <EmptyState title="Nothing to replay yet">
              This conversation has no messages or decisions to play back.
            </EmptyState>
          </div>
        ) : (
          <ol aria-label="Conversation so far" className="mx-auto max-w-4xl space-y-6 px-6 py-8">
            {shown.map(({ step }, i) => {
              const isCurrent = i === state.frame;
              const decision = step.kind === 'hitl' ? hitl.get(step.seq) : undefined;
              return (
                <li
                  key={step.seq}
                  ref={isCurrent ? current : undefined}
                  aria-current={isCurrent ? 'step' : undefined}
                  className="scroll-my-6"
                >
                  <StepView step={step} decision={decision} current={isCurrent} />
                  <NoteView note={notes.get(step.seq)} />
                </li>
              );
            })}
          </ol>
        )}
      </div>

      {currentStep && canEditNotes && onSaveNote ? (
        <div className="border-t border-zinc-200 bg-white px-6 py-3 dark:border-zinc-800 dark:bg-zinc-900">
          <NoteEditor
            key={currentStep.seq}
            seq={currentStep.seq}
            stepNumber={state.frame + 1}
            note={notes.get(currentStep.seq) ?? null}
            onSave={onSaveNote}
          />
        </div>
      ) : null}

      <div
        role="toolbar"
        aria-label="Replay controls"
        className="flex flex-wrap items-center gap-x-5 gap-y-3 border-t border-zinc-200 bg-white px-6 py-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="flex items-center gap-1.5">
          <Button
            variant="secondary"
            size="lg"
            onClick={() => player.dispatch({ type: 'previous' })}
            disabled={state.frame <= 0}
            aria-keyshortcuts="ArrowLeft"
          >
            <ChevronLeft className="size-5" aria-hidden="true" />
            Previous
          </Button>
          <Button
            size="lg"
            className="min-w-28"
            onClick={() => player.dispatch({ type: 'toggle' })}
            disabled={frames.length === 0}
            aria-keyshortcuts="Space"
          >
            {state.playing ? (
              <Pause className="size-5" aria-hidden="true" />
            ) : (
              <Play className="size-5" aria-hidden="true" />
            )}
            {state.playing ? 'Pause' : 'Play'}
          </Button>
          <Button
            variant="secondary"
            size="lg"
            onClick={() => player.dispatch({ type: 'next' })}
            disabled={state.frame >= frames.length - 1}
            aria-keyshortcuts="ArrowRight"
          >
            Next
            <ChevronRight className="size-5" aria-hidden="true" />
          </Button>
        </div>
        <Choice label="Speed" value={speed} options={SPEEDS.map((s) => [s, `${s}×`])} onChange={setSpeed} />
        <Choice
          label="Gaps"
          value={gaps}
          options={[
            ['compressed', 'Compressed'],
            ['real', 'Real'],
          ]}
          onChange={setGaps}
        />
        <div className="flex min-w-56 flex-1 items-center gap-3">
          <label htmlFor="replay-scrubber" className="text-sm font-medium">
            Position
          </label>
          <input
            id="replay-scrubber"
            type="range"
            min={0}
            max={Math.max(frames.length - 1, 0)}
            step={1}
            value={state.frame}
            aria-valuetext={position}
            disabled={frames.length < 2}
            onChange={(e) => player.dispatch({ type: 'seek', frame: Number(e.target.value) })}
            className="accent-brand-600 h-2 flex-1 cursor-pointer"
          />
          <span className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
            {frames.length ? `${state.frame + 1} / ${frames.length}` : '0 / 0'}
          </span>
        </div>
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {position}
      </p>
    </div>
  );
}

function Choice<T extends string | number>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: [T, string][];
  onChange: (value: T) => void;
}) {
  return (
    <div role="group" aria-label={label} className="flex items-center gap-2">
      <span aria-hidden="true" className="text-sm font-medium">
        {label}
      </span>
      <div className="flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
        {options.map(([v, text]) => (
          <button
            key={String(v)}
            type="button"
            aria-pressed={v === value}
            onClick={() => onChange(v)}
            className={cn(
              'rounded px-2.5 py-1 text-sm font-medium transition-colors',
              'focus-visible:ring-brand-500 focus-visible:ring-2 focus-visible:outline-none',
              v === value
                ? 'bg-brand-600 text-white'
                : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
            )}
          >
            {text}
          </button>
        ))}
      </div>
    </div>
  );
}

const Stamp = ({ at }: { at: string }) => <TimeStamp at={at} className="text-sm" />;

function SystemLine({
  icon,
  children,
  at,
  tone,
}: {
  icon: ReactNode;
  children: ReactNode;
  at: string;
  tone: string;
}) {
  return (
    <p className={cn('mx-auto max-w-2xl text-center text-lg text-balance', tone)}>
      <span aria-hidden="true" className="mr-2 inline-flex h-[1lh] items-center align-top">
        {icon}
      </span>
      {children}
      <span aria-hidden="true" className="mx-2">
        ·
      </span>
      <Stamp at={at} />
    </p>
  );
}

function StepView({
  step,
  decision,
  current,
}: {
  step: ReplayStep;
  decision?: ReplayHitl;
  current: boolean;
}) {
  switch (step.kind) {
    case 'user':
      return (
        <div className="ml-auto flex max-w-[85%] flex-row-reverse gap-3">
          <span
            aria-hidden="true"
            className="mt-1 grid size-9 shrink-0 place-items-center rounded-full bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200"
          >
            <UserRound className="size-5" />
          </span>
          <div className="min-w-0 text-right">
            <div className="mb-1 flex items-center justify-end gap-2">
              <Stamp at={step.at} />
              <span className="text-sm font-semibold">{step.author === 'agent' ? 'Agent' : 'User'}</span>
            </div>
            <div className="bg-brand-600 rounded-xl rounded-tr-sm px-4 py-3 text-left text-xl leading-relaxed whitespace-pre-wrap text-white">
              {step.body}
            </div>
          </div>
        </div>
      );
    case 'fin':
      return (
        <div className="flex max-w-[85%] gap-3">
          <span
            aria-hidden="true"
            className="bg-brand-600 mt-1 grid size-9 shrink-0 place-items-center rounded-full text-sm font-bold text-white"
          >
            F
          </span>
          <div className="min-w-0">
            <div className="mb-1 flex items-center gap-2">
              <span className="text-sm font-semibold">Fin</span>
              <Stamp at={step.at} />
            </div>
            <div className="rounded-xl rounded-tl-sm border border-zinc-200 bg-white px-4 py-3 text-xl leading-relaxed shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
              <SafeHtml html={step.html} className="text-xl" />
            </div>
          </div>
        </div>
      );
    case 'status':
      return (
        <SystemLine
          icon={<span className="inline-block size-2 rounded-full bg-current" />}
          at={step.at}
          tone="text-zinc-600 dark:text-zinc-400"
        >
          {STATUS_LABEL[step.status as keyof typeof STATUS_LABEL] ?? step.status}
          {step.reason ? ` — ${step.reason}` : ''}
        </SystemLine>
      );
    case 'hitl':
      return (
        <section
          aria-label="Teammate decision"
          className={cn(
            'rounded-xl border bg-white p-5 shadow-xs dark:bg-zinc-900',
            current
              ? 'border-amber-400 ring-2 ring-amber-300 dark:ring-amber-700'
              : 'border-amber-200 dark:border-amber-900',
          )}
        >
          <p className="flex items-center gap-2 text-sm font-semibold tracking-wide text-amber-800 uppercase dark:text-amber-300">
            <Hand className="size-4" aria-hidden="true" />A teammate decides
            <span aria-hidden="true">·</span>
            <Stamp at={step.at} />
          </p>
          <h2 className="mt-2 mb-4 text-2xl font-semibold">{decision?.question ?? step.question}</h2>
          {decision ? (
            current ? (
              <ReplayHitlForm hitl={decision} />
            ) : (
              <ReplayHitlSummary hitl={decision} />
            )
          ) : (
            <p className="text-base text-zinc-600 dark:text-zinc-400">The form of this step was not kept.</p>
          )}
        </section>
      );
    case 'escalation':
      return (
        <SystemLine
          icon={<LifeBuoy className="size-5" />}
          at={step.at}
          tone="text-violet-700 dark:text-violet-300"
        >
          Escalated to a human{step.context ? `: ${step.context}` : ''}
        </SystemLine>
      );
    case 'csat-requested':
      return (
        <SystemLine icon={<Star className="size-5" />} at={step.at} tone="text-zinc-600 dark:text-zinc-400">
          Fin asks the user to rate the conversation
        </SystemLine>
      );
    case 'csat':
      return (
        <SystemLine
          icon={<Star className="size-5" />}
          at={step.at}
          tone="text-emerald-800 dark:text-emerald-300"
        >
          The user rated it “{step.rating}”{step.remark ? `: ${step.remark}` : ''}
        </SystemLine>
      );
  }
}

function NoteView({ note }: { note: ReplayNote | undefined }) {
  if (!note) return null;
  return (
    <aside
      aria-label="Presenter note"
      className="mx-auto mt-3 flex max-w-2xl gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-lg dark:border-amber-900 dark:bg-amber-950/40"
    >
      <StickyNote className="mt-1 size-5 shrink-0 text-amber-700 dark:text-amber-300" aria-hidden="true" />
      <div className="min-w-0">
        <p className="whitespace-pre-wrap">{note.body}</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{note.author}</p>
      </div>
    </aside>
  );
}
