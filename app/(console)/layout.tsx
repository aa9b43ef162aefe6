import type { ReactNode } from 'react';
import { BrandMark } from '@/components/shell/brand-mark';
import { Nav, ThemeToggle } from '@/components/shell/nav';
import { UserMenu } from '@/components/shell/user-menu';
import { SessionProvider } from '@/lib/client/session';
import { requirePageRole } from '@/lib/server/auth/page';

/** Every console page needs a session: signed-out visitors go to sign in and come back. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const me = await requirePageRole('viewer');
  return (
    <SessionProvider user={{ id: me.userId, name: me.name, email: me.email, role: me.role }}>
      <div className="flex min-h-screen flex-col md:flex-row">
        <aside className="flex shrink-0 flex-col gap-4 border-b border-zinc-200 bg-white p-4 md:sticky md:top-0 md:h-screen md:w-56 md:border-r md:border-b-0 dark:border-zinc-800 dark:bg-zinc-900">
          <BrandMark />
          <Nav />
          <div className="flex flex-col gap-3 md:mt-auto">
            <UserMenu />
            <div className="hidden md:block">
              <ThemeToggle />
            </div>
          </div>
        </aside>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8">
          {children}
        </main>
      </div>
    </SessionProvider>
  );
}
