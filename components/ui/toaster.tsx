'use client';

import { useEffect, useState, type ComponentType } from 'react';
import type { ToasterProps } from 'sonner';

/**
 * Sonner's Toaster, loaded after the page has hydrated: nothing toasts before a teammate acts,
 * so its ~9 kB stay out of every page's first load. Toasts raised before it mounts are shown
 * when it does (sonner replays active toasts to a new Toaster).
 */
export function Toaster(props: ToasterProps) {
  const [Loaded, setLoaded] = useState<ComponentType<ToasterProps> | null>(null);
  useEffect(() => {
    let live = true;
    void import('sonner').then((m) => {
      if (live) setLoaded(() => m.Toaster);
    });
    return () => {
      live = false;
    };
  }, []);
  return Loaded ? <Loaded {...props} /> : null;
}
