'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect } from 'react';
import type { HitlStep } from '@/lib/console/types';
import { useHitlStream } from '@/lib/client/use-hitl-stream';
import { useInboxStore } from './inbox-store';
import { notifyArrival } from './notifications';

/** Follows the live step stream for every inbox page, and notifies arrivals when asked to. */
export function HitlLive() {
  const router = useRouter();
  const setStream = useInboxStore((s) => s.setStream);
  const onArrival = useCallback(
    (step: HitlStep) => {
      if (useInboxStore.getState().notify) notifyArrival(step, (href) => router.push(href));
    },
    [router],
  );
  const state = useHitlStream(onArrival);
  useEffect(() => setStream(state), [state, setStream]);
  return null;
}
