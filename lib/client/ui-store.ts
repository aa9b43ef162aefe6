'use client';

import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { FinUser } from '@/lib/fin';

type Theme = 'light' | 'dark' | 'system';

interface UiState {
  theme: Theme;
  currentUser: FinUser | null;
  recentUsers: FinUser[];
  setTheme: (theme: Theme) => void;
  selectUser: (user: FinUser) => void;
  forgetUser: (id: string) => void;
}

export const useUiStore = create<UiState>()(
  persist(
    (set) => ({
      theme: 'system',
      currentUser: null,
      recentUsers: [],
      setTheme: (theme) => set({ theme }),
      selectUser: (user) =>
        set((s) => ({
          currentUser: user,
          recentUsers: [user, ...s.recentUsers.filter((u) => u.id !== user.id)].slice(0, 8),
        })),
      forgetUser: (id) =>
        set((s) => ({
          recentUsers: s.recentUsers.filter((u) => u.id !== id),
          currentUser: s.currentUser?.id === id ? null : s.currentUser,
        })),
    }),
    { name: 'fin-console-ui' },
  ),
);
