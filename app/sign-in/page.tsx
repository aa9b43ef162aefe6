import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { safeNextPath } from '@/components/auth/next-path';
import { SignInForm } from '@/components/auth/sign-in-form';
import { BrandMark } from '@/components/shell/brand-mark';
import { DEMO_ACCOUNTS, demoAccountsEnabled } from '@/lib/server/auth/demo';
import { getPageUser } from '@/lib/server/auth/page';
import { getEnv } from '@/lib/server/env';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  const next = safeNextPath((await searchParams).next);
  if (await getPageUser()) redirect(next);
  const demo = demoAccountsEnabled(getEnv()) ? DEMO_ACCOUNTS : [];
  return (
    <main
      id="main"
      className="flex min-h-screen flex-col items-center justify-center bg-zinc-50 px-4 py-10 dark:bg-zinc-950"
    >
      <div className="w-full max-w-sm space-y-6">
        <BrandMark className="justify-center text-lg" />
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">
          <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
          <p className="mt-1 mb-6 text-sm text-zinc-600 dark:text-zinc-400">
            {next === '/' ? (
              'Use the account a lead set up for you.'
            ) : (
              <>
                Sign in to continue to <span className="font-mono text-xs break-all">{next}</span>.
              </>
            )}
          </p>
          <SignInForm next={next} demoAccounts={demo} />
        </div>
        <p className="text-center text-xs text-zinc-600 dark:text-zinc-400">
          No account? Ask a lead to add you in Settings → Accounts.
        </p>
      </div>
    </main>
  );
}
