import Link from 'next/link';
import { EmptyState } from '@/components/ui/card';
import { Button } from '@/components/ui/button';

export default function NotFound() {
  return (
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
  );
}
