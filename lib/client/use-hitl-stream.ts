'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { CONSOLE_SSE_EVENTS } from '@/lib/console/sse-events';
import type { HitlStep } from '@/lib/console/types';
import { applyStep, hitlKeys, isHitlStep } from './queries/hitl';
import { openReconnectingSource, parseJson, type StreamConnection } from './reconnecting-source';

/** Each time the stream opens the lists are refetched once, to catch what was missed. */
export function useHitlStream(onArrival?: (step: HitlStep) => void): StreamConnection {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamConnection>('connecting');
  const arrival = useRef(onArrival);
  useEffect(() => {
    arrival.current = onArrival;
  }, [onArrival]);

  useEffect(() => {
    const onStep = (m: MessageEvent<string>) => {
      const value = parseJson(m.data);
      if (!isHitlStep(value)) return;
      const { arrived } = applyStep(qc, value);
      if (arrived) arrival.current?.(value);
    };
    return openReconnectingSource({
      url: () => '/api/hitl-steps/stream',
      onState: setState,
      // Every open, the first too: a step changed between the page's first fetch and this
      // subscription (a teammate claiming it meanwhile) would otherwise never show.
      onOpen: () => void qc.invalidateQueries({ queryKey: hitlKeys.all }),
      listen: (es) => {
        es.onmessage = onStep;
        es.addEventListener(CONSOLE_SSE_EVENTS.hitlCreated, onStep);
        es.addEventListener(CONSOLE_SSE_EVENTS.hitlUpdated, onStep);
      },
    });
  }, [qc]);

  return state;
}
