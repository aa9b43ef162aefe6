'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** True after hydration: gate persisted UI state on it so the first client render matches the server's. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
