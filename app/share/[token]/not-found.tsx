import { Link2Off } from 'lucide-react';
import { ShareRefusal } from './_components/share-frame';

export default function ShareNotFound() {
  return (
    <ShareRefusal icon={<Link2Off className="size-7" aria-hidden="true" />} title="This link does not exist">
      Check that the whole link was copied. If it still does not open, ask whoever shared it for a new one.
    </ShareRefusal>
  );
}
