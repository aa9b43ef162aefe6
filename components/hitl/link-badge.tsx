import { Link2, Link2Off, Sparkles, UserCheck } from 'lucide-react';
import { Badge } from '@/components/ui/card';
import type { HitlStep } from '@/lib/console/types';

/** How a step is tied to its run, in a few words (inbox rows and the step page). */
export function LinkBadge({ step }: { step: Pick<HitlStep, 'link' | 'linked_by'> }) {
  switch (step.link) {
    case 'intercom_id':
      return (
        <Badge tone="green" title="Fin named the Intercom conversation of this run">
          <Link2 className="size-3" aria-hidden="true" />
          Linked
        </Badge>
      );
    case 'inferred':
      return (
        <Badge tone="violet" title="Linked from the step's procedure, end user and timing">
          <Sparkles className="size-3" aria-hidden="true" />
          Linked (inferred)
        </Badge>
      );
    case 'manual':
      return (
        <Badge tone="brand" title={step.linked_by ? `Linked by ${step.linked_by}` : undefined}>
          <UserCheck className="size-3" aria-hidden="true" />
          Linked by hand
        </Badge>
      );
    default:
      return (
        <Badge tone="amber" title="No run of this console is known to be this step's">
          <Link2Off className="size-3" aria-hidden="true" />
          Not linked
        </Badge>
      );
  }
}
