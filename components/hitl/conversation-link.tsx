'use client';

import { ExternalLink, MessagesSquare } from 'lucide-react';
import Link from 'next/link';
import type { HitlStep } from '@/lib/console/types';
import { conversationLink } from '@/lib/hitl-form/step';

/** A link to the conversation: the console's live timeline when known, else Intercom. */
export function ConversationLink({ step, children }: { step: HitlStep; children?: React.ReactNode }) {
  const link = conversationLink(step);
  if (!link) return null;
  const cls =
    'inline-flex items-center gap-1.5 font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600 dark:text-brand-100';
  return link.external ? (
    <a href={link.href} target="_blank" rel="noopener noreferrer" className={cls}>
      {children ?? 'Open the conversation in Intercom'}
      <ExternalLink className="size-3.5" aria-hidden="true" />
      <span className="sr-only">(opens in a new tab)</span>
    </a>
  ) : (
    <Link href={link.href} className={cls}>
      <MessagesSquare className="size-3.5" aria-hidden="true" />
      {children ?? 'Open the live conversation'}
    </Link>
  );
}
