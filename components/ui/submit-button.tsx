import { Loader2, type LucideIcon } from 'lucide-react';
import { Button, type ButtonProps } from './button';

/** A submit button that spins (and may say so) while its form is pending. */
export function SubmitButton({
  pending,
  pendingLabel,
  icon: Icon,
  children,
  ...props
}: ButtonProps & { pending: boolean; pendingLabel?: string; icon?: LucideIcon }) {
  return (
    <Button type="submit" disabled={pending} {...props}>
      {pending ? (
        <Loader2 className="size-4 animate-spin" aria-hidden="true" />
      ) : Icon ? (
        <Icon className="size-4" aria-hidden="true" />
      ) : null}
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
