'use client';

import { useState } from 'react';

/**
 * True from the first time `open` is true onwards. A dialog loaded on demand mounts then and
 * stays mounted, so closing it still animates and hands focus back.
 */
export function useOpened(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}
