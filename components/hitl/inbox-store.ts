'use client';

import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { StreamConnection } from '@/lib/client/reconnecting-source';
import type { SortOrder } from '@/lib/hitl-form/step';

interface InboxState {
  sort: SortOrder;
  procedure: string;
  /** Desktop notifications for arriving steps (permission is asked on the toggle only). */
  notify: boolean;
  stream: StreamConnection;
  setSort: (sort: SortOrder) => void;
  setProcedure: (procedure: string) => void;
  setNotify: (notify: boolean) => void;
  setStream: (stream: StreamConnection) => void;
}

/** The inbox's view settings; the steps themselves live in the query cache. */
export const useInboxStore = create<InboxState>()(
  persist(
    (set) => ({
      sort: 'oldest',
      procedure: '',
      notify: false,
      stream: 'connecting',
      setSort: (sort) => set({ sort }),
      setProcedure: (procedure) => set({ procedure }),
      setNotify: (notify) => set({ notify }),
      setStream: (stream) => set({ stream }),
    }),
    {
      name: 'fin-console-inbox',
      partialize: ({ sort, procedure, notify }) => ({ sort, procedure, notify }),
    },
  ),
);
