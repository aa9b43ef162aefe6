// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useInboxStore } from '@/components/hitl/inbox-store';
import { UserMenu } from '@/components/shell/user-menu';
import { SessionProvider } from '@/lib/client/session';
import { useUiStore } from '@/lib/client/ui-store';
import { ACCOUNT_KEY } from './browser-data';
import { SignInForm } from './sign-in-form';

vi.mock('next/navigation', () => ({ useRouter: () => ({ replace: vi.fn(), refresh: vi.fn() }) }));

const json = (status: number, body: unknown) =>
  vi.fn(
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );

const endUser = {
  id: 'eu-1',
  name: 'Pat Customer',
  email: 'pat@customer.example',
  attributes: { plan: 'gold' },
};

/** What a teammate leaves behind: recent end users, an inbox filter, a theme. */
function leaveData() {
  useUiStore.getState().setTheme('dark');
  useUiStore.getState().selectUser(endUser);
  useInboxStore.getState().setProcedure('Refund');
  expect(localStorage.getItem('fin-console-ui')).toContain('pat@customer.example');
  expect(localStorage.getItem('fin-console-inbox')).toContain('Refund');
}

function expectForgotten() {
  const stored = localStorage.getItem('fin-console-ui') ?? '';
  expect(stored).not.toContain('pat@customer.example');
  expect(stored).not.toContain('Pat Customer');
  expect(useUiStore.getState()).toMatchObject({ currentUser: null, recentUsers: [], theme: 'dark' });
  expect(localStorage.getItem('fin-console-inbox') ?? '').not.toContain('Refund');
  expect(useInboxStore.getState().procedure).toBe('');
}

describe('per-teammate browser data', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.stubGlobal('location', { ...window.location, assign: vi.fn() });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('signing out forgets the recent end users and the inbox view, keeping the theme', async () => {
    leaveData();
    vi.stubGlobal('fetch', json(200, { ok: true }));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <SessionProvider user={{ id: 'usr_a', name: 'Dana Lead', email: 'lead@demo.test', role: 'lead' }}>
          <UserMenu />
        </SessionProvider>
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(expectForgotten);
  });

  it('a different account signing in starts clean; the same account keeps its data', async () => {
    const signInAs = async (id: string) => {
      vi.stubGlobal('fetch', json(200, { user: { id, name: 'N', email: 'n@demo.test', role: 'agent' } }));
      render(<SignInForm next="/" />);
      fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'n@demo.test' } });
      fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'pw' } });
      fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
      await waitFor(() => expect(localStorage.getItem(ACCOUNT_KEY)).toBe(id));
      cleanup();
    };
    await signInAs('usr_a');
    leaveData();
    await signInAs('usr_a');
    expect(useUiStore.getState().recentUsers).toEqual([endUser]);
    await signInAs('usr_b');
    expectForgotten();
  });
});
