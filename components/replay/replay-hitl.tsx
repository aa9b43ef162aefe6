'use client';

import { fullTime } from '@/components/ui/relative-time';
import type { ReplayHitl } from '@/lib/console/replay';
import { formatAttributeValue } from '@/lib/hitl-form/display';

/** The replay's attributes as the form registry reads them (identifiers are not part of a replay). */
export const attributesOf = (hitl: ReplayHitl) =>
  hitl.attributes.map((a, i) => ({ ...a, identifier: `a${i}` }));

export function Answerer({ hitl }: { hitl: ReplayHitl }) {
  if (hitl.state !== 'answered')
    return (
      <p className="text-base text-zinc-600 dark:text-zinc-400">
        {hitl.state === 'failed'
          ? 'This step was never answered: it failed or was refused.'
          : 'Not answered yet.'}
      </p>
    );
  return (
    <p className="text-base text-zinc-700 dark:text-zinc-300">
      Answered by <span className="font-semibold">{hitl.answered_by ?? 'a teammate'}</span>
      {hitl.answered_at ? <> at {fullTime(hitl.answered_at)}</> : null}
    </p>
  );
}

/** A past decision in one line per answer, so earlier ones don't crowd the current step. */
export function ReplayHitlSummary({ hitl }: { hitl: ReplayHitl }) {
  const attributes = attributesOf(hitl);
  return (
    <div className="space-y-1">
      <ul className="space-y-0.5 text-base">
        {hitl.attributes.map((a, i) => (
          <li key={i}>
            <span className="text-zinc-600 dark:text-zinc-400">{a.label || a.name}: </span>
            <span className="font-medium">
              {a.value === null ? '—' : formatAttributeValue(attributes[i], a.value)}
            </span>
          </li>
        ))}
      </ul>
      <Answerer hitl={hitl} />
    </div>
  );
}
