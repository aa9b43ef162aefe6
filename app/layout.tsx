import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Nav, ThemeToggle } from '@/components/shell/nav';
import { Providers } from '@/components/shell/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Fin Console', template: '%s · Fin Console' },
  description: 'Drive Intercom Fin procedures, conversations and human-in-the-loop steps.',
  icons: { icon: '/icon.svg' },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
          >
            Skip to content
          </a>
          <div className="flex min-h-screen flex-col md:flex-row">
            <aside className="flex shrink-0 flex-col gap-4 border-b border-zinc-200 bg-white p-4 md:sticky md:top-0 md:h-screen md:w-56 md:border-r md:border-b-0 dark:border-zinc-800 dark:bg-zinc-900">
              <div className="flex items-center gap-2 px-1">
                <span aria-hidden="true" className="grid size-7 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white">
                  F
                </span>
                <span className="font-semibold">Fin Console</span>
              </div>
              <Nav />
              <div className="mt-auto hidden md:block">
                <ThemeToggle />
              </div>
            </aside>
            <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8">
              {children}
            </main>
          </div>
        </Providers>
      </body>
    </html>
  );
}
