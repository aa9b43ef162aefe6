'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { CONSOLE_SSE_EVENTS } from '@/lib/console/sse-events';
import type { HitlStep } from '@/lib/console/types';
import { applyStep, hitlKeys, isHitlStep } from './queries/hitl';

export type HitlStreamState = 'connecting' | 'live' | 'reconnecting';

function parse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/** Each time the stream opens the lists are refetched once, to catch what was missed. */
export function useHitlStream(onArrival?: (step: HitlStep) => void): HitlStreamState {
  const qc = useQueryClient();
  const [state, setState] = useState<HitlStreamState>('connecting');
  const arrival = useRef(onArrival);
  useEffect(() => {
    arrival.current = onArrival;
  }, [onArrival]);

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let failures = 0;

    const onStep = (m: MessageEvent<string>) => {
      const value = parse(m.data);
      if (!isHitlStep(value)) return;
      const { arrived } = applyStep(qc, value);
      if (arrived) arrival.current?.(value);
    };

    const connect = () => {
      const es = new EventSource('/api/hitl-steps/stream');
      source = es;
      es.onopen = () => {
        failures = 0;
        setState('live');
        // Every open, the first too: a step changed between the page's first fetch and this
        // subscription (a teammate claiming it meanwhile) would otherwise never show.
        void qc.invalidateQueries({ queryKey: hitlKeys.all });
      };
      es.onmessage = onStep;
      es.addEventListener(CONSOLE_SSE_EVENTS.hitlCreated, onStep);
      es.addEventListener(CONSOLE_SSE_EVENTS.hitlUpdated, onStep);
      es.onerror = () => {
        if (stopped) return;
        setState('reconnecting');
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          const delay = Math.min(1_000 * 2 ** failures++, 15_000);
          retryTimer = setTimeout(() => !stopped && connect(), delay);
        }
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [qc]);

  return state;
}
