'use client';

import type { ReactNode } from 'react';
import { Callout } from '@/components/ui/callout';
import { ROLE_LABEL, type Action } from '@/lib/client/roles';
import { useCan, useSession } from '@/lib/client/session';

/**
 * Says once, in place of the actions it hides, why this teammate can't take `action`
 * ("Leads run procedures"). Renders nothing for those who may.
 */
export function RoleNote({
  action,
  children,
  className,
}: {
  action: Action;
  children?: ReactNode;
  className?: string;
}) {
  const me = useSession();
  const may = useCan(action);
  if (may.allowed) return null;
  return (
    <Callout tone="info" title={may.reason} className={className}>
      {me ? <>You are signed in as {ROLE_LABEL[me.role].toLowerCase()}. </> : null}
      {children}
    </Callout>
  );
}
