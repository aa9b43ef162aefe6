// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInSchema } from './sign-in-schema';
import { SignInForm } from './sign-in-form';

const errorList = (code: string, message: string) => ({ type: 'error.list', errors: [{ code, message }] });

function answer(status: number, body: unknown) {
  return vi.fn(
    async () =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
const type = (label: string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('signInSchema', () => {
  it('needs an email address and a password', () => {
    const r = signInSchema.safeParse({ email: '', password: '' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['email', 'Enter your email address'],
      ['password', 'Enter your password'],
    ]);
  });
  it('refuses what is not an email address and trims the rest', () => {
    expect(signInSchema.safeParse({ email: 'dana', password: 'x' }).error?.issues[0]?.message).toBe(
      'Enter an email address like name@example.com',
    );
    expect(signInSchema.parse({ email: '  lead@demo.test ', password: ' p ' })).toEqual({
      email: 'lead@demo.test',
      password: ' p ',
    });
  });
});

describe('SignInForm', () => {
  const assign = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('location', { ...window.location, assign });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    assign.mockReset();
  });

  it('shows each field message in place and sends nothing', async () => {
    const fetch = answer(200, {});
    vi.stubGlobal('fetch', fetch);
    render(<SignInForm next="/" />);
    submit();
    expect(await screen.findByText('Enter your email address')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Email').getAttribute('aria-describedby')).toBe('sign-in-email-error');
    type('Email', 'not-an-email');
    submit();
    expect(await screen.findByText('Enter an email address like name@example.com')).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('signs in and goes to next', async () => {
    const fetch = answer(200, {
      user: { id: 'u', name: 'Dana Lead', email: 'lead@demo.test', role: 'lead' },
    });
    vi.stubGlobal('fetch', fetch);
    render(<SignInForm next="/inbox" />);
    type('Email', 'lead@demo.test');
    type('Password', 'demo-lead');
    submit();
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/inbox'));
    expect(fetch).toHaveBeenCalledWith(
      '/api/auth/sign-in',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ email: 'lead@demo.test', password: 'demo-lead' }),
      }),
    );
  });

  it("shows the server's refusal in place and clears the password", async () => {
    vi.stubGlobal('fetch', answer(401, errorList('unauthorized', 'Email or password is wrong')));
    render(<SignInForm next="/" />);
    type('Email', 'lead@demo.test');
    type('Password', 'nope');
    submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not sign in');
    expect(alert.textContent).toContain('Email or password is wrong');
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
    // The sign-in 401 is the form's own: the browser stays here.
    expect(assign).not.toHaveBeenCalled();
  });

  it('says how long to wait after too many attempts', async () => {
    vi.stubGlobal(
      'fetch',
      answer(429, errorList('rate_limited', 'Too many attempts; try again in 540 seconds')),
    );
    render(<SignInForm next="/" />);
    type('Email', 'lead@demo.test');
    type('Password', 'nope');
    submit();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many attempts');
    expect(alert.textContent).toContain('try again in 540 seconds');
  });

  it('signs a demo account in with one click', async () => {
    const fetch = answer(200, {
      user: { id: 'u', name: 'Val Viewer', email: 'viewer@demo.test', role: 'viewer' },
    });
    vi.stubGlobal('fetch', fetch);
    render(
      <SignInForm
        next="/settings"
        demoAccounts={[
          { name: 'Val Viewer', email: 'viewer@demo.test', password: 'demo-viewer', role: 'viewer' },
        ]}
      />,
    );
    const button = screen.getByRole('button', { name: 'Sign in as Val Viewer (viewer)' });
    expect(screen.getByText('viewer@demo.test · demo-viewer').id).toBe(
      button.getAttribute('aria-describedby'),
    );
    fireEvent.click(button);
    await waitFor(() => expect(assign).toHaveBeenCalledWith('/settings'));
    expect(fetch).toHaveBeenCalledWith(
      '/api/auth/sign-in',
      expect.objectContaining({
        body: JSON.stringify({ email: 'viewer@demo.test', password: 'demo-viewer' }),
      }),
    );
  });
});
