'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { permission, type Action, type Permission, type Role } from './roles';

export interface SessionUser {
  id: string | null;
  name: string;
  email: string | null;
  role: Role;
}

const SessionContext = createContext<SessionUser | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionUser | null {
  return useContext(SessionContext);
}

/** The signed-in account and name, stable across renders (for claims: names are not unique). */
export function useViewer(): { id: string | null; name: string } {
  const user = useSession();
  const id = user?.id ?? null;
  const name = user?.name ?? '';
  return useMemo(() => ({ id, name }), [id, name]);
}

export function useCan(action: Action): Permission {
  return permission(useSession()?.role, action);
}
