import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';
import type { $ZodType } from 'zod/v4/core';

/**
 * A react-hook-form resolver whose zod schema is imported on first validation. Our forms
 * validate on submit, so zod (~24 kB gzip even as zod/mini) stays out of the page's first load;
 * `preload` fetches it once the page is idle so the first submit does not wait.
 */
export function lazyZodResolver<In extends FieldValues, Out extends FieldValues>(
  load: () => Promise<$ZodType<Out, In>>,
): Resolver<In, unknown, Out> & { preload: () => void } {
  let ready: Promise<Resolver<In, unknown, Out>> | null = null;
  // A load that failed (a chunk lost to a flaky network, say) is forgotten, so the next submit or
  // preload tries again instead of failing until the page is reloaded.
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
