'use client';

import { Eye, EyeOff, Loader2, LogIn } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/callout';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { lazyZodResolver } from '@/components/ui/lazy-resolver';
import { ApiError } from '@/lib/client/api';
import { signIn } from '@/lib/client/queries/auth';
import type { Role } from '@/lib/client/roles';
import { claimBrowserData } from './browser-data';
import { DemoAccounts } from './demo-accounts';
import type { SignInParsed, SignInValues } from './sign-in-schema';

const resolver = lazyZodResolver<SignInValues, SignInParsed>(() =>
  import('./sign-in-schema').then((m) => m.signInSchema),
);

export interface DemoAccount {
  name: string;
  email: string;
  password: string;
  role: Role;
}

type Failure = { title: string; message: string; tone: 'error' | 'warning' };

/** The server's refusal as the form says it: wrong credentials, too many tries, or anything else. */
export function describeSignInError(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof ApiError && error.status === 429
    ? { tone: 'warning', title: 'Too many attempts', message }
    : { tone: 'error', title: 'Could not sign in', message };
}

/**
 * Email and password, checked in place before asking the server; the server's answer (wrong
 * password, too many attempts with the wait) shows above the button. On success the browser
 * loads `next` afresh so every page renders with the new session.
 */
export function SignInForm({
  next,
  demoAccounts = [],
}: {
  next: string;
  demoAccounts?: readonly DemoAccount[];
}) {
  const form = useForm<SignInValues, unknown, SignInParsed>({
    resolver,
    defaultValues: { email: '', password: '' },
  });
  useEffect(() => resolver.preload(), []);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const failureRef = useRef<HTMLDivElement>(null);
  const { errors } = form.formState;

  const attempt = async (values: SignInParsed, via: string) => {
    setFailure(null);
    setPending(via);
    try {
      const answer = await signIn(values);
      claimBrowserData(answer?.user?.id);
      window.location.assign(next);
    } catch (e) {
      setPending(null);
      setFailure(describeSignInError(e));
      if (via === 'form') {
        form.resetField('password');
        form.setFocus('password');
      } else requestAnimationFrame(() => failureRef.current?.focus());
    }
  };

  const busy = pending !== null;
  return (
    <div className="space-y-6">
      <form
        noValidate
        aria-label="Sign in"
        className="space-y-4"
        onSubmit={(e) => void form.handleSubmit((v) => attempt(v, 'form'))(e)}
      >
        <Field id="sign-in-email" label="Email" error={errors.email?.message}>
          <Input
            type="email"
            autoComplete="username"
            inputMode="email"
            autoFocus
            {...form.register('email')}
          />
        </Field>
        <Field id="sign-in-password" label="Password" error={errors.password?.message}>
          <div className="relative">
            <Input
              type={showPassword ? 'text' : 'password'}
              autoComplete="current-password"
              className="pr-10"
              {...form.register('password')}
            />
            <button
              type="button"
              onClick={() => setShowPassword((s) => !s)}
              aria-pressed={showPassword}
              aria-label="Show password"
              className="focus-visible:ring-brand-500 absolute inset-y-0 right-0 grid w-9 place-items-center rounded-r-md text-zinc-500 hover:text-zinc-800 focus-visible:ring-2 focus-visible:outline-none dark:text-zinc-400 dark:hover:text-zinc-100"
            >
              {showPassword ? (
                <EyeOff className="size-4" aria-hidden="true" />
              ) : (
                <Eye className="size-4" aria-hidden="true" />
              )}
            </button>
          </div>
        </Field>

        {failure ? (
          <Callout ref={failureRef} role="alert" tone={failure.tone} title={failure.title}>
            {failure.message}
          </Callout>
        ) : null}

        {/* Not SubmitButton: its module would add to this page's first load. */}
        <Button type="submit" size="lg" className="w-full" disabled={busy}>
          {pending === 'form' ? (
            <Loader2 className="size-4 animate-spin" aria-hidden="true" />
          ) : (
            <LogIn className="size-4" aria-hidden="true" />
          )}
          {pending === 'form' ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>

      {demoAccounts.length ? (
        <DemoAccounts
          accounts={demoAccounts}
          pending={pending}
          disabled={busy}
          onPick={(a) => void attempt({ email: a.email, password: a.password }, a.email)}
        />
      ) : null}
    </div>
  );
}
