'use client';

import dynamic from 'next/dynamic';
import { Skeleton } from '@/components/ui/card';

// The reply form (react-hook-form and its zod schema) loads when a conversation waits on the
// user, not with every conversation page.
export const ReplyComposer = dynamic(() => import('./reply-composer-form').then((m) => m.ReplyComposer), {
  ssr: false,
  loading: () => <Skeleton className="h-44" />,
});
