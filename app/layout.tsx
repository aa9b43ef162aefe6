import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/shell/providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Fin Console', template: '%s · Fin Console' },
  description: 'Drive Intercom Fin procedures, conversations and human-in-the-loop steps.',
  icons: { icon: '/icon.svg' },
};

/**
 * Every page renders per request: proxy.ts sets a fresh CSP nonce on each, and Next applies it
 * to its scripts only when rendering (a prerendered page, such as the not-found one, would carry
 * scripts the policy blocks).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
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
          {children}
        </Providers>
      </body>
    </html>
  );
}
