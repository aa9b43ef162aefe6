'use client';

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CONSOLE_SSE_EVENTS } from '@/lib/console/sse-events';
import type {
  Conversation,
  ConversationDetail,
  LiveEvent,
  StoredAck,
  StoredEvent,
} from '@/lib/console/types';
import { callKeys } from './queries/calls';
import {
  acknowledge,
  addLiveEvent,
  conversationKeys,
  lastSeq,
  mergeEvents,
  newerConversation,
} from './queries/conversations';
import { openReconnectingSource, parseJson, type StreamConnection } from './reconnecting-source';

const isStoredEvent = (v: unknown): v is StoredEvent =>
  !!v && typeof v === 'object' && typeof (v as StoredEvent).seq === 'number' && !!(v as StoredEvent).event;

const isLiveEvent = (v: unknown): v is LiveEvent =>
  !!v && typeof v === 'object' && typeof (v as LiveEvent).key === 'string' && !!(v as LiveEvent).event;

const isAck = (v: unknown): v is StoredAck =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as StoredAck).key === 'string' &&
  typeof (v as StoredAck).seq === 'number' &&
  typeof (v as StoredAck).received_at === 'string';

const isConversation = (v: unknown): v is Conversation =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as Conversation).id === 'string' &&
  typeof (v as Conversation).status === 'string';

function applyEvent(qc: QueryClient, id: string, event: StoredEvent) {
  qc.setQueryData<ConversationDetail>(conversationKeys.detail(id), (old) =>
    old ? { ...old, events: mergeEvents(old.events, [event]) } : old,
  );
}

function applyLive(qc: QueryClient, id: string, event: LiveEvent) {
  qc.setQueryData<ConversationDetail>(conversationKeys.detail(id), (old) =>
    old ? { ...old, events: addLiveEvent(old.events, event) } : old,
  );
}

/** An acknowledgement for an event this cache never held (it loaded after the live copy): fetch it. */
function applyAck(qc: QueryClient, id: string, ack: StoredAck) {
  let missing = false;
  qc.setQueryData<ConversationDetail>(conversationKeys.detail(id), (old) => {
    if (!old) return old;
    const events = acknowledge(old.events, ack);
    if (events) return events === old.events ? old : { ...old, events };
    missing = true;
    return old;
  });
  if (missing) void qc.invalidateQueries({ queryKey: conversationKeys.detail(id), exact: true });
}

function applyConversation(qc: QueryClient, id: string, conversation: Conversation) {
  qc.setQueryData<ConversationDetail>(conversationKeys.detail(id), (old) =>
    old ? { ...old, conversation: newerConversation(old.conversation, conversation) } : old,
  );
  qc.setQueriesData<Conversation[]>({ queryKey: conversationKeys.lists() }, (list) =>
    list?.map((c) => (c.id === conversation.id ? newerConversation(c, conversation) : c)),
  );
  void qc.invalidateQueries({ queryKey: conversationKeys.lists() });
  // A status change often follows a call made on the server (a HITL answer, say).
  void qc.invalidateQueries({ queryKey: callKeys.all });
}

/** Resumes after the last seq held, and polls while the browser's EventSource has given up;
 * duplicates are harmless since events merge by seq. */
export function useConversationStream(id: string, enabled: boolean): StreamConnection {
  const qc = useQueryClient();
  const [state, setState] = useState<StreamConnection>('connecting');

  useEffect(() => {
    if (!enabled) return;
    const key = conversationKeys.detail(id);
    return openReconnectingSource({
      url: () => {
        const after = lastSeq(qc.getQueryData<ConversationDetail>(key)?.events ?? []);
        return `/api/conversations/${encodeURIComponent(id)}/stream?after=${after}`;
      },
      onState: setState,
      // Anything missed while away (status included) is fetched once and merged.
      onOpen: (earlierOpens) => {
        if (earlierOpens > 0) void qc.invalidateQueries({ queryKey: key, exact: true });
      },
      listen: (es) => {
        const onEvent = (m: MessageEvent<string>) => {
          const value = parseJson(m.data);
          if (isStoredEvent(value)) applyEvent(qc, id, value);
        };
        es.addEventListener(CONSOLE_SSE_EVENTS.event, onEvent);
        es.addEventListener(CONSOLE_SSE_EVENTS.live, (m: MessageEvent<string>) => {
          const value = parseJson(m.data);
          if (isLiveEvent(value)) applyLive(qc, id, value);
        });
        es.addEventListener(CONSOLE_SSE_EVENTS.stored, (m: MessageEvent<string>) => {
          const value = parseJson(m.data);
          if (isAck(value)) applyAck(qc, id, value);
        });
        es.onmessage = onEvent;
        es.addEventListener(CONSOLE_SSE_EVENTS.conversation, (m: MessageEvent<string>) => {
          const value = parseJson(m.data);
          if (isConversation(value)) applyConversation(qc, id, value);
        });
      },
    });
  }, [id, enabled, qc]);

  // While the stream is down, fetch the conversation now and then so nothing waits on it.
  useEffect(() => {
    if (!enabled || state === 'live') return;
    const t = setInterval(
      () => void qc.invalidateQueries({ queryKey: conversationKeys.detail(id), exact: true }),
      5_000,
    );
    return () => clearInterval(t);
  }, [id, enabled, state, qc]);

  return state;
}
