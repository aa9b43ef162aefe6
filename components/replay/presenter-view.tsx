'use client';

import { ArrowLeft, SearchX } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState, Skeleton } from '@/components/ui/card';
import { LoadFailed } from '@/components/ui/load-failed';
import { ApiError } from '@/lib/client/api';
import { useReplay, useSaveNote } from '@/lib/client/queries/replay';
import { useCan } from '@/lib/client/session';
import { ReplayPlayer } from './replay-player';

/** Covers the console's chrome: the audience sees the conversation, nothing else. */
function FullScreen({ children }: { children: React.ReactNode }) {
  return <div className="fixed inset-0 z-40 overflow-hidden bg-zinc-50 dark:bg-zinc-950">{children}</div>;
}

/** The presenter view of one conversation: fetches its replay and hands it to the player. */
export function PresenterView({ id }: { id: string }) {
  const router = useRouter();
  const back = `/conversations/${encodeURIComponent(id)}`;
  const query = useReplay(id);
  const onSaveNote = useSaveNote(id);
  const canWrite = useCan('writeNotes').allowed;
  const exit = useCallback(() => router.push(back), [router, back]);

  // Esc leaves while loading or after a failure too, not only once the player has the keys.
  useEffect(() => {
    if (query.isSuccess) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && exit();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [query.isSuccess, exit]);

  if (query.isPending)
    return (
      <FullScreen>
        <div
          role="status"
          aria-busy="true"
          aria-label="Loading the replay"
          className="mx-auto max-w-4xl space-y-6 p-8"
        >
          <Skeleton className="h-10 w-80" />
          <Skeleton className="h-20 w-3/4" />
          <Skeleton className="ml-auto h-14 w-1/2" />
          <Skeleton className="h-20 w-2/3" />
        </div>
      </FullScreen>
    );
  if (query.isError) {
    const notFound = query.error instanceof ApiError && query.error.status === 404;
    return (
      <FullScreen>
        <div className="mx-auto max-w-2xl space-y-4 p-8">
          {notFound ? (
            <EmptyState
              icon={<SearchX className="size-8" aria-hidden="true" />}
              title="Conversation not found"
              action={
                <Button asChild variant="secondary">
                  <Link href="/conversations">All conversations</Link>
                </Button>
              }
            >
              {`The console has no conversation with the id “${id}”.`}
            </EmptyState>
          ) : (
            <>
              <LoadFailed
                title="The replay could not be loaded"
                error={query.error}
                onRetry={query.refetch}
              />
              <Button asChild variant="secondary">
                <Link href={back}>
                  <ArrowLeft className="size-4" aria-hidden="true" />
                  Back to the conversation
                </Link>
              </Button>
            </>
          )}
        </div>
      </FullScreen>
    );
  }
  return (
    <FullScreen>
      <ReplayPlayer data={query.data} canEditNotes={canWrite} onSaveNote={onSaveNote} onExit={exit} />
    </FullScreen>
  );
}
