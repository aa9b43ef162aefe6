'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect } from 'react';
import { conversationKeys } from '@/lib/client/queries/conversations';
import type { HitlStep } from '@/lib/console/types';
import { useHitlStream } from '@/lib/client/use-hitl-stream';
import { useInboxStore } from './inbox-store';

/** Follows the live step stream for every inbox page, and notifies arrivals when asked to. */
export function HitlLive() {
  const router = useRouter();
  const qc = useQueryClient();
  const setStream = useInboxStore((s) => s.setStream);
  const onArrival = useCallback(
    (step: HitlStep) => {
      // The new step may belong to a conversation the list of end users doesn't know yet.
      void qc.invalidateQueries({ queryKey: conversationKeys.lists() });
      if (useInboxStore.getState().notify)
        void import('./notifications').then((m) => m.notifyArrival(step, (href) => router.push(href)));
    },
    [router, qc],
  );
  const state = useHitlStream(onArrival);
  useEffect(() => setStream(state), [state, setStream]);
  return null;
}
