import type { ReactNode } from 'react';
import { HitlLive } from '@/components/hitl/hitl-live';

/** Every inbox page shares one live stream of HITL steps. */
export default function InboxLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <HitlLive />
      {children}
    </>
  );
}
