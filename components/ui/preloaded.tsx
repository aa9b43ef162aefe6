'use client';

import { useSyncExternalStore, type ComponentType } from 'react';

type State<P> = { Component: ComponentType<P> | null; error: unknown };

/**
 * A component whose code is a chunk of its own, out of the page's first load, fetched as soon as
 * the module calling this runs in the browser (alongside the page's own requests) rather than
 * when first rendered. Until the chunk is there `Fallback` renders, with the same props; once it
 * is, the component renders at once. No Suspense boundary is involved, so nothing holds the
 * content back: React shows a boundary's content no sooner than 300 ms after its fallback,
 * which `next/dynamic` put on every page that waited on one. The server and hydration render the
 * fallback. A chunk that fails to load is thrown to the error boundary; the next render tries again.
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
        settle({ Component: null, error });
        // Thrown to the renders this notice causes; a later mount (the boundary's retry) loads anew.
        setTimeout(() => {
          if (state.error === error) state = { Component: null, error: null };
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
