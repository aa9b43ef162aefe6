'use client';

import type { HitlStep } from '@/lib/console/types';
import { procedureLabel, questionLabel } from '@/lib/hitl-form/step';

export const notificationsSupported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Asks for permission (only from a click); says whether notifications may be shown, or why not. */
export async function enableNotifications(): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!notificationsSupported())
    return { ok: false, message: 'This browser cannot show desktop notifications.' };
  let permission = Notification.permission;
  if (permission === 'default') permission = await Notification.requestPermission();
  if (permission === 'granted') return { ok: true };
  return {
    ok: false,
    message:
      'Notifications are blocked for this site. Allow them in the browser’s site settings, then turn this on again.',
  };
}

/** One desktop notification per arriving step; clicking it opens the step. */
export function notifyArrival(step: HitlStep, open: (href: string) => void) {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  const n = new Notification(`New HITL step: ${procedureLabel(step)}`, {
    body: questionLabel(step),
    tag: `hitl-${step.step_id}`,
  });
  n.onclick = () => {
    window.focus();
    open(`/inbox/${encodeURIComponent(step.step_id)}`);
    n.close();
  };
}
