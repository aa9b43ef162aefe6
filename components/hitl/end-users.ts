'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { conversationQueries } from '@/lib/client/queries/conversations';
import type { HitlStep } from '@/lib/console/types';
import { endUserOf } from '@/lib/hitl-form/step';

/**
 * Names the end user of a step. The webhook carries no user record, so the recent messages
 * are read first, then the console's own conversation (when the step is linked to one).
 */
export function useEndUserOf(): (step: HitlStep) => string | null {
  const conversations = useQuery({
    ...conversationQueries.list({}),
    refetchInterval: false,
    staleTime: 30_000,
  });
  const names = useMemo(
    () =>
      new Map(
        (conversations.data ?? []).map((c) => [c.id, c.user.name?.trim() || c.user.email || c.user.id]),
      ),
    [conversations.data],
  );
  return useCallback(
    (step: HitlStep) =>
      endUserOf(step) ??
      (step.external_conversation_id ? (names.get(step.external_conversation_id) ?? null) : null),
    [names],
  );
}
