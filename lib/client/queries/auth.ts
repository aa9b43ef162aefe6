import { apiFetch } from '@/lib/client/api';
import type { Role } from '@/lib/client/roles';

export interface AccountUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface SignInBody {
  email: string;
  password: string;
}

export const signIn = (body: SignInBody) =>
  apiFetch<{ user: AccountUser }>('/api/auth/sign-in', { method: 'POST', json: body, signedOutOk: true });

export const signOut = () =>
  apiFetch<{ ok: true }>('/api/auth/sign-out', { method: 'POST', json: {}, signedOutOk: true });
