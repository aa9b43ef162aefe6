import * as z from 'zod/mini';
import type { Converted } from './convert';
import type { AttributeValue, FieldSpec, RawValue } from './registry';

/** A zod fragment from a conversion rule, so zod and the unit tests share one set of messages. */
export function fragment<T extends AttributeValue>(
  convert: (raw: string) => Converted<T>,
): z.ZodMiniType<T, RawValue> {
  return z.pipe(
    z.string({ error: 'This field is required.' }),
    z.transform((raw: string, ctx) => {
      const result = convert(raw);
      if (result.ok) return result.value;
      ctx.issues.push({ code: 'custom', message: result.message, input: raw });
      return z.NEVER;
    }),
  );
}

export function hitlSchema(fields: readonly FieldSpec[]) {
  return z.object(Object.fromEntries(fields.map((f) => [f.key, fragment(f.convert)])));
}
