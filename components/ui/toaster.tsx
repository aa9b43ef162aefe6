'use client';

import { useEffect, useState, type ComponentType } from 'react';
import type { ToasterProps } from 'sonner';

/** Sonner's Toaster, loaded after hydration (nothing toasts before then); earlier toasts are replayed. */
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
