import type { CSSProperties, ReactNode } from 'react';
import type { ExternalToast } from 'sonner';

/**
 * Sonner's rich colours put 13px text below 4.5:1 (success #008a2e on #ecfdf3 is 4.25:1);
 * these darker text colours keep each tone's look and pass WCAG AA.
 */
const TEXT: Record<'success' | 'error' | 'warning', CSSProperties> = {
  success: { '--success-text': '#006b24' } as CSSProperties,
  error: { '--error-text': '#b3001b' } as CSSProperties,
  warning: { '--warning-text': '#8a4b00' } as CSSProperties,
};

// Sonner is loaded on the first toast (the shell's Toaster loads it after hydration too).
const show =
  (tone: keyof typeof TEXT) =>
  (message: ReactNode, options: ExternalToast = {}): void => {
    void import('sonner').then(({ toast }) =>
      toast[tone](message, { ...options, style: { ...TEXT[tone], ...options.style } }),
    );
  };

/** Toasts for outcomes, readable in the shell's rich-colour Toaster; `message` is a plain one. */
export const notify = {
  success: show('success'),
  error: show('error'),
  warning: show('warning'),
  message: (message: ReactNode, options: ExternalToast = {}): void => {
    void import('sonner').then(({ toast }) => toast(message, options));
  },
};
