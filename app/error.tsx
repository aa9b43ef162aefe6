'use client';

import { EmptyState } from '@/components/ui/card';
import { Button } from '@/components/ui/button';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <EmptyState
      tone="error"
      title="Something went wrong on this page"
      action={<Button onClick={reset}>Try again</Button>}
    >
      The console hit an unexpected error. Your data is safe; try again.
    </EmptyState>
  );
}
