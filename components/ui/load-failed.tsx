import { RotateCw } from 'lucide-react';
import { Button } from './button';
import { Callout } from './callout';

/** A query that failed, said in place with its message and a way to try again. */
export function LoadFailed({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: Error;
  onRetry: () => unknown;
}) {
  return (
    <Callout
      tone="error"
      role="alert"
      title={title}
      actions={
        <Button size="sm" variant="secondary" onClick={() => void onRetry()}>
          <RotateCw className="size-4" aria-hidden="true" />
          Try again
        </Button>
      }
    >
      {error.message}
    </Callout>
  );
}
