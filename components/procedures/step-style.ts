import {
  CircleCheck,
  Flag,
  GitBranch,
  LifeBuoy,
  MessageCircleQuestion,
  MessageSquare,
  UserCheck,
  type LucideIcon,
} from 'lucide-react';
import type { StepKind } from './graph-model';

/** One look per step kind, shared by the graph and the step list. */
export const KIND_TONE: Record<StepKind, { box: string; chip: string }> = {
  say: {
    box: 'border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900',
    chip: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  },
  ask_user: {
    box: 'border-sky-300 bg-sky-50 dark:border-sky-800 dark:bg-sky-950/50',
    chip: 'bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-200',
  },
  hitl: {
    box: 'border-violet-300 bg-violet-50 dark:border-violet-800 dark:bg-violet-950/50',
    chip: 'bg-violet-100 text-violet-800 dark:bg-violet-900 dark:text-violet-200',
  },
  branch: {
    box: 'border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/50',
    chip: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  },
  resolve: {
    box: 'border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/50',
    chip: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  },
  escalate: {
    box: 'border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/50',
    chip: 'bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200',
  },
  end: {
    box: 'border-dashed border-emerald-300 bg-white dark:border-emerald-800 dark:bg-zinc-900',
    chip: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200',
  },
};

export const KIND_ICON: Record<StepKind, LucideIcon> = {
  say: MessageSquare,
  ask_user: MessageCircleQuestion,
  hitl: UserCheck,
  branch: GitBranch,
  resolve: CircleCheck,
  escalate: LifeBuoy,
  end: Flag,
};
