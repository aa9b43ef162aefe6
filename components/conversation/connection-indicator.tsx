import type { StreamState } from '@/lib/console/types';
import type { StreamConnection } from '@/lib/client/reconnecting-source';
import type { FinStatus } from '@/lib/fin';
import { cn } from '@/lib/utils';
import { isWorking } from './status';

export type ConnectionView = { label: string; tone: 'green' | 'amber' | 'neutral'; detail: string };

/** Live updates as the lead should hear of them: the browser's stream first, then the console's
 * follower of Fin's stream (stopped while Fin works: the rest arrives by webhook). */
export function connectionView(
  browser: StreamConnection,
  upstream: StreamState,
  status: FinStatus,
): ConnectionView {
  if (browser === 'connecting')
    return { label: 'Connecting…', tone: 'neutral', detail: 'Opening the live stream.' };
  if (browser === 'reconnecting')
    return {
      label: 'Reconnecting…',
      tone: 'amber',
      detail: 'The live stream dropped; resuming where it left off.',
    };
  if (upstream === 'reconnecting')
    return { label: 'Reconnecting…', tone: 'amber', detail: 'The console is reconnecting to Fin’s stream.' };
  if ((upstream === 'closed' || upstream === 'revoked' || upstream === 'none') && isWorking(status))
    return {
      label: 'Stream ended — updates arrive by webhook',
      tone: 'amber',
      detail: 'Fin’s stream closed before the run finished; webhooks carry the rest.',
    };
  return { label: 'Live', tone: 'green', detail: 'New events appear as they happen.' };
}

export function ConnectionIndicator({ view }: { view: ConnectionView }) {
  return (
    <span
      role="status"
      title={view.detail}
      data-testid="connection-state"
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs font-medium',
        view.tone === 'green' &&
          'border-emerald-200 text-emerald-800 dark:border-emerald-900 dark:text-emerald-300',
        view.tone === 'amber' && 'border-amber-300 text-amber-800 dark:border-amber-800 dark:text-amber-300',
        view.tone === 'neutral' && 'border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300',
      )}
    >
      <span
        aria-hidden="true"
        className={cn(
          'size-2 rounded-full',
          view.tone === 'green' && 'animate-pulse bg-emerald-500',
          view.tone === 'amber' && 'bg-amber-500',
          view.tone === 'neutral' && 'bg-zinc-400',
        )}
      />
      {view.label}
    </span>
  );
}
