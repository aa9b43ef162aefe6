import { Star } from 'lucide-react';

/** The CSAT card's heading and lead, shared by the form and its placeholder. */
export function CsatHeading() {
  return (
    <>
      <h2 className="flex items-center gap-2 text-base font-semibold">
        <Star className="size-4 text-amber-500" aria-hidden="true" />
        Rate this conversation
      </h2>
      <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">
        Fin asked the user how it went. Record their answer.
      </p>
    </>
  );
}
