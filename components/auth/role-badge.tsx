import { Badge } from '@/components/ui/card';
import { ROLE_LABEL, type Role } from '@/lib/client/roles';

const TONE = { viewer: 'neutral', agent: 'violet', lead: 'brand' } as const;

/** A role as a small coloured label ("Lead"); screen readers hear "Role: Lead". */
export function RoleBadge({ role, className }: { role: Role; className?: string }) {
  return (
    <Badge tone={TONE[role]} className={className}>
      <span className="sr-only">Role: </span>
      {ROLE_LABEL[role]}
    </Badge>
  );
}
