'use client';

import { useSyncExternalStore, type ComponentType } from 'react';

type State<P> = { Component: ComponentType<P> | null; error: Error | null };

/**
 * The one way to split a component out of the first load: its chunk is fetched when the calling
 * module runs, `Fallback` renders until then, and no Suspense throttle delays it (see
 * docs/decisions/client-loading.md). A failed load goes to the error boundary; a retry loads anew.
 */
export function preloaded<P extends object>(
  load: () => Promise<ComponentType<P>>,
  Fallback: ComponentType<P>,
): ComponentType<P> {
  let state: State<P> = { Component: null, error: null };
  let pending: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  const settle = (next: State<P>) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const start = () => {
    pending ??= load().then(
      (Component) => settle({ Component, error: null }),
      (error: unknown) => {
        pending = null;
        const failed = error instanceof Error ? error : new Error('The component could not be loaded');
        settle({ Component: null, error: failed });
        // Thrown to the renders this notice causes; a later mount (the boundary's retry) loads anew.
        setTimeout(() => {
          if (state.error === failed) state = { Component: null, error: null };
        }, 0);
      },
    );
  };
  const subscribe = (onChange: () => void) => {
    listeners.add(onChange);
    if (!state.Component) start();
    return () => {
      listeners.delete(onChange);
    };
  };
  const serverState: State<P> = { Component: null, error: null };
  if (typeof window !== 'undefined') start();

  function Preloaded(props: P) {
    const { Component, error } = useSyncExternalStore(
      subscribe,
      () => state,
      () => serverState,
    );
    if (error) throw error;
    return Component ? <Component {...props} /> : <Fallback {...props} />;
  }
  return Preloaded;
}

const Closed = () => null;

/** A dialog as a `preloaded` chunk: until the chunk is there, opening it shows nothing yet. */
export function preloadedDialog<P extends { open: boolean }>(load: () => Promise<ComponentType<P>>) {
  return preloaded(load, Closed);
}
