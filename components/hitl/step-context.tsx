'use client';

import { SafeHtml } from '@/components/common/safe-html';
import { Card, Skeleton } from '@/components/ui/card';
import { preloaded } from '@/components/ui/preloaded';
import type { HitlStep } from '@/lib/console/types';
import { formatDuration, procedureLabel } from '@/lib/hitl-form/step';
import { ConversationLink } from './conversation-link';
import { useEndUserOf } from './end-users';
import { Assignee, Expiry, PriorityBadge, Waiting } from './step-meta';

// Which run a step belongs to, and relinking it, is secondary to answering: it loads after the form.
const StepLinkPanel = preloaded(
  () => import('./step-link').then((m) => m.StepLinkPanel),
  () => <Skeleton className="h-24" />,
);

const authorLabel: Record<string, string> = { user: 'End user', bot: 'Fin', admin: 'Teammate', team: 'Team' };

/** Everything beside the form: who, where, how urgent, and what was said. */
export function StepContext({ step }: { step: HitlStep }) {
  const who = useEndUserOf()(step);
  return (
    <div className="space-y-4">
      <Card className="p-4">
        <h2 className="text-sm font-semibold">Details</h2>
        <dl className="mt-3 grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">Procedure</dt>
          <dd className="font-medium">{procedureLabel(step)}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">End user</dt>
          <dd>{who ?? 'Not known'}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Priority</dt>
          <dd>
            {step.priority === 'priority' ? (
              <PriorityBadge priority="priority" />
            ) : step.priority === null ? (
              <span className="text-zinc-500 dark:text-zinc-400">Not given</span>
            ) : (
              'Normal'
            )}
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Assigned to</dt>
          <dd>
            <Assignee assignTo={step.assign_to} />
          </dd>
          {step.answered_at ? (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">Waited</dt>
              <dd>
                {formatDuration(Date.parse(step.answered_at) - Date.parse(step.received_at))} before an answer
              </dd>
            </>
          ) : (
            <>
              <dt className="text-zinc-600 dark:text-zinc-400">Waiting</dt>
              <dd>
                <Waiting receivedAt={step.received_at} />
              </dd>
            </>
          )}
          <dt className="text-zinc-600 dark:text-zinc-400">Expiry</dt>
          <dd>
            <Expiry step={step} />
          </dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Conversation</dt>
          <dd className="min-w-0 space-y-1">
            <span
              className="block truncate font-mono text-xs"
              title={step.external_conversation_id ?? step.conversation_id}
            >
              {step.external_conversation_id ?? step.conversation_id}
            </span>
            <ConversationLink step={step} />
          </dd>
        </dl>
      </Card>
      <StepLinkPanel step={step} />
      <Card className="p-4">
        <h2 className="text-sm font-semibold">Recent messages</h2>
        {step.recent_messages.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No messages came with this step.</p>
        ) : (
          <ol className="mt-3 space-y-3">
            {step.recent_messages.map((m) => {
              const at = new Date(m.created_at * 1000);
              const isUser = m.author.type === 'user';
              return (
                <li
                  key={m.id}
                  className={
                    isUser
                      ? 'rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 dark:border-zinc-800 dark:bg-zinc-950'
                      : 'border-brand-100 bg-brand-50/60 dark:border-brand-700/40 dark:bg-brand-700/10 rounded-lg border px-3 py-2'
                  }
                >
                  <p className="flex flex-wrap items-baseline justify-between gap-x-2 text-xs text-zinc-600 dark:text-zinc-400">
                    <span className="font-semibold text-zinc-800 dark:text-zinc-200">
                      {m.author.name || m.author.email || authorLabel[m.author.type] || m.author.type}
                      {m.author.name &&
                      authorLabel[m.author.type] &&
                      authorLabel[m.author.type] !== m.author.name ? (
                        <span className="font-normal text-zinc-600 dark:text-zinc-400">
                          {' '}
                          · {authorLabel[m.author.type]}
                        </span>
                      ) : null}
                      {m.part_type === 'note' ? <span className="font-normal"> · internal note</span> : null}
                    </span>
                    <time dateTime={at.toISOString()}>
                      {at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
                    </time>
                  </p>
                  {m.body ? (
                    <SafeHtml html={m.body} className="mt-1" />
                  ) : (
                    <p className="mt-1 text-sm text-zinc-500">(no text)</p>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </Card>
    </div>
  );
}
