'use client';

import { useEffect, useMemo, useState } from 'react';
import { cn } from '@/lib/utils';

type Sanitize = (html: string) => string;

// The sanitiser (~7 kB gzip) is loaded on first use, not with the page: HTML only arrives with
// the data the page fetches, by which time it is here.
let sanitize: Sanitize | null = null;
let loading: Promise<Sanitize> | null = null;
const loadSanitizer = () => (loading ??= import('@/lib/sanitize').then((m) => (sanitize = m.sanitizeHtml)));

/** The text of some HTML, shown (as text, never as markup) for the moment the sanitiser loads. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Renders HTML from Fin or Intercom after sanitising it (allowed tags only). */
export function SafeHtml({ html, className }: { html: string; className?: string }) {
  const [clean, setClean] = useState<Sanitize | null>(() => sanitize);
  useEffect(() => {
    if (clean) return;
    let live = true;
    void loadSanitizer().then((fn) => {
      if (live) setClean(() => fn);
    });
    return () => {
      live = false;
    };
  }, [clean]);
  const safe = useMemo(() => (clean ? clean(html) : null), [clean, html]);
  const classes = cn('fin-html text-sm leading-relaxed', className);
  if (safe === null) return <div className={classes}>{textOf(html)}</div>;
  return <div className={classes} dangerouslySetInnerHTML={{ __html: safe }} />;
}
