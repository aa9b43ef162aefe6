'use client';

import { createContext, useContext, type ReactNode } from 'react';
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

/** Whether the signed-in teammate may take `action`, with the reason when not. */
export function useCan(action: Action): Permission {
  return permission(useSession()?.role, action);
}
