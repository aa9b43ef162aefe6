import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';
import type { $ZodType } from 'zod/v4/core';

/** A resolver whose zod schema loads on first validation (or `preload`), keeping zod out of the first load. */
export function lazyZodResolver<In extends FieldValues, Out extends FieldValues>(
  load: () => Promise<$ZodType<Out, In>>,
): Resolver<In, unknown, Out> & { preload: () => void } {
  let ready: Promise<Resolver<In, unknown, Out>> | null = null;
  // A failed load is forgotten, so the next submit tries again.
  const get = () =>
    (ready ??= load().then(
      (schema) => zodResolver(schema as never) as unknown as Resolver<In, unknown, Out>,
      (error: unknown) => {
        ready = null;
        throw error;
      },
    ));
  const resolver = (async (values, context, options) => (await get())(values, context, options)) as Resolver<
    In,
    unknown,
    Out
  >;
  return Object.assign(resolver, { preload: () => void get().catch(() => undefined) });
}
