import { SearchX } from 'lucide-react';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/card';

/** A suite or run that is not there (deleted, or a wrong link), with the way back to the suites. */
export function Missing({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <EmptyState
      icon={<SearchX className="size-8" aria-hidden="true" />}
      title={title}
      action={
        <Button asChild variant="secondary">
          <Link href="/scenarios">All suites</Link>
        </Button>
      }
    >
      {children}
    </EmptyState>
  );
}
