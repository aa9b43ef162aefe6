'use client';

import { useInboxStore } from '@/components/hitl/inbox-store';
import { useUiStore } from '@/lib/client/ui-store';

export const ACCOUNT_KEY = 'fin-console-account';

/** Forgets the end users and inbox view this browser keeps; the theme belongs to the device and stays. */
export function forgetSignedInData(): void {
  useUiStore.setState({ currentUser: null, recentUsers: [] });
  useInboxStore.setState({ sort: 'oldest', procedure: '', notify: false });
  void useInboxStore.persist.clearStorage();
  try {
    localStorage.removeItem(ACCOUNT_KEY);
  } catch {
    // Storage blocked: nothing was kept either.
  }
}

/** After a sign-in: whatever another account left in this browser is forgotten first. */
export function claimBrowserData(accountId: string | null | undefined): void {
  let owner: string | null = null;
  try {
    owner = localStorage.getItem(ACCOUNT_KEY);
  } catch {
    // Storage blocked: treat it as someone else's.
  }
  if (!accountId || owner !== accountId) forgetSignedInData();
  try {
    if (accountId) localStorage.setItem(ACCOUNT_KEY, accountId);
  } catch {
    // Storage blocked: nothing to claim.
  }
}
