import { RotateCw, SearchX } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/card';
import { ApiError } from '@/lib/client/api';

/** A page's data that could not be read: gone (404, with a way back) or failed (with a retry). */
export function MissingOrFailed({
  error,
  missing,
  failedTitle,
  back,
  onRetry,
}: {
  error: Error;
  missing: { title: string; text: string };
  failedTitle: string;
  back: { href: string; label: string };
  onRetry: () => unknown;
}) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <EmptyState
      tone={notFound ? 'neutral' : 'error'}
      icon={notFound ? <SearchX className="size-8" aria-hidden="true" /> : undefined}
      title={notFound ? missing.title : failedTitle}
      action={
        notFound ? (
          <Button asChild variant="secondary">
            <Link href={back.href}>{back.label}</Link>
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => void onRetry()}>
            <RotateCw className="size-4" aria-hidden="true" />
            Retry
          </Button>
        )
      }
    >
      {notFound ? missing.text : error.message}
    </EmptyState>
  );
}
