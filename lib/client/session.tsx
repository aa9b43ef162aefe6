'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { permission, type Action, type Permission, type Role } from './roles';

/** The signed-in teammate as the browser knows them (from the page's server-side check). */
export interface SessionUser {
  id: string | null;
  name: string;
  email: string | null;
  role: Role;
}

const SessionContext = createContext<SessionUser | null>(null);

/** Provides the principal the console layout checked on the server to every client component. */
export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

/** The signed-in teammate, or null outside the console's pages (sign-in, tests). */
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

/** Whether the signed-in teammate may take `action`, with the reason when not. */
export function useCan(action: Action): Permission {
  return permission(useSession()?.role, action);
}
