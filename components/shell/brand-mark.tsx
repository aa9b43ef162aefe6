import { cn } from '@/lib/utils';

/** The console's mark and name, as the shell and the sign-in page show them. */
export function BrandMark({ className }: { className?: string }) {
  return (
    <div className={cn('flex items-center gap-2 px-1', className)}>
      <span
        aria-hidden="true"
        className="bg-brand-600 grid size-7 place-items-center rounded-md text-sm font-bold text-white"
      >
        F
      </span>
      <span className="font-semibold">Fin Console</span>
    </div>
  );
}
