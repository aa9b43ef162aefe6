import { useMemo } from 'react';
import { sanitizeHtml } from '@/lib/sanitize';
import { cn } from '@/lib/utils';

/** Renders HTML from Fin or Intercom after sanitising it (allowed tags only). */
export function SafeHtml({ html, className }: { html: string; className?: string }) {
  const clean = useMemo(() => sanitizeHtml(html), [html]);
  return <div className={cn('fin-html text-sm leading-relaxed', className)} dangerouslySetInnerHTML={{ __html: clean }} />;
}
