import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type { Role } from '@/lib/client/roles';
import type { UserView } from '@/lib/console/auth';
import { retryUnlessClientError } from './retry';

export type Account = UserView;

export interface NewAccount {
  name: string;
  email: string;
  role: Role;
  password: string;
}

export type AccountChange = Partial<Pick<Account, 'name' | 'role' | 'disabled'>> & { password?: string };

export const fetchAccounts = () => apiFetch<{ users: Account[] }>('/api/users').then((r) => r.users);

export const userKeys = { all: ['users'] as const, list: () => [...userKeys.all, 'list'] as const };

export const userQueries = {
  list: () =>
    queryOptions({ queryKey: userKeys.list(), queryFn: fetchAccounts, retry: retryUnlessClientError }),
};

export function useAccounts(enabled = true) {
  return useQuery({ ...userQueries.list(), enabled });
}

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAccount) =>
      apiFetch<{ user: Account }>('/api/users', { method: 'POST', json: body }).then((r) => r.user),
    onSettled: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: AccountChange }) =>
      apiFetch<{ user: Account }>(`/api/users/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        json: change,
      }).then((r) => r.user),
    onSuccess: (user) =>
      qc.setQueryData<Account[]>(userKeys.list(), (list) => list?.map((u) => (u.id === user.id ? user : u))),
    onSettled: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}
