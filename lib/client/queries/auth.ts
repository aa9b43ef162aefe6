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

/** `POST /api/auth/sign-in`: sets the session cookie. Its 401 and 429 stay on the form. */
export const signIn = (body: SignInBody) =>
  apiFetch<{ user: AccountUser }>('/api/auth/sign-in', { method: 'POST', json: body, signedOutOk: true });

/** `POST /api/auth/sign-out`: ends the session and clears the cookie. */
export const signOut = () =>
  apiFetch<{ ok: true }>('/api/auth/sign-out', { method: 'POST', json: {}, signedOutOk: true });
