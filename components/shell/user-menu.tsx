'use client';

import { Loader2, LogOut } from 'lucide-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { forgetSignedInData } from '@/components/auth/browser-data';
import { RoleBadge } from '@/components/auth/role-badge';
import { notify } from '@/components/ui/notify';
import { leavingAfterSignOut } from '@/lib/client/api';
import { signOut } from '@/lib/client/queries/auth';
import { useSession } from '@/lib/client/session';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('') || '?';

/** Who is signed in, their role, and Sign out. */
export function UserMenu() {
  const me = useSession();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [leaving, setLeaving] = useState(false);
  if (!me) return null;
  const onSignOut = async () => {
    setLeaving(true);
    try {
      await signOut();
      leavingAfterSignOut();
      router.replace('/sign-in');
      router.refresh();
      // Nothing read as this teammate stays in memory or storage for whoever signs in next.
      queryClient.clear();
      forgetSignedInData();
    } catch (e) {
      setLeaving(false);
      notify.error(`Could not sign out: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <section
      aria-label="Signed in"
      className="flex items-center gap-2.5 rounded-lg border border-zinc-200 p-2 dark:border-zinc-800"
    >
      <span
        aria-hidden="true"
        className="grid size-8 shrink-0 place-items-center rounded-full bg-zinc-100 text-xs font-semibold text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"
      >
        {initials(me.name)}
      </span>
      <div className="min-w-0 flex-1">
        <p
          className="truncate text-sm font-medium"
          data-testid="signed-in-name"
          title={me.email ?? undefined}
        >
          {me.name}
        </p>
        <RoleBadge role={me.role} />
      </div>
      <Button
        variant="ghost"
        size="sm"
        className="px-2"
        onClick={() => void onSignOut()}
        disabled={leaving}
        aria-label="Sign out"
        title="Sign out"
      >
        {leaving ? (
          <Loader2 className="size-4 animate-spin" aria-hidden="true" />
        ) : (
          <LogOut className="size-4" aria-hidden="true" />
        )}
      </Button>
    </section>
  );
}
