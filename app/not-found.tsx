import Link from 'next/link';
import { EmptyState } from '@/components/ui/card';
import { Button } from '@/components/ui/button';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-16">
      <EmptyState
        title="Page not found"
        action={
          <Button asChild variant="secondary">
            <Link href="/">Back to the catalogue</Link>
          </Button>
        }
      >
        The page you asked for does not exist.
      </EmptyState>
    </main>
  );
}
