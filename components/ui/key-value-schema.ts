import * as z from 'zod/mini';
import { LIMITS, MESSAGES } from '@/lib/fin/limits';
import type { KeyValueRow } from './key-value';

/**
 * Key/value rows as a form edits them: at most `max`, each with a name, names unique. Empty
 * rows (no name, no value) are ignored, so a spare blank row never blocks submitting.
 */
export function keyValueRowsSchema(max: number, tooMany: string) {
  const blank = (r: KeyValueRow) => r.key.trim() === '' && r.value.trim() === '';
  return z.pipe(
    z.array(z.object({ key: z.string(), value: z.string() })).check(
      z.superRefine((rows, ctx) => {
        if (rows.filter((r) => !blank(r)).length > max) ctx.addIssue({ code: 'custom', message: tooMany });
        const seen = new Set<string>();
        rows.forEach((r, i) => {
          if (blank(r)) return;
          const key = r.key.trim();
          if (!key) ctx.addIssue({ code: 'custom', message: 'Give the attribute a name', path: [i, 'key'] });
          else if (seen.has(key))
            ctx.addIssue({ code: 'custom', message: `“${key}” is already set above`, path: [i, 'key'] });
          seen.add(key);
        });
      }),
    ),
    z.transform((rows: KeyValueRow[]) =>
      rows.filter((r) => !blank(r)).map((r) => ({ key: r.key.trim(), value: r.value })),
    ),
  );
}

/** A conversation's or end user's attributes, capped at the contract's limit. */
export const attributeRowsSchema = () => keyValueRowsSchema(LIMITS.attributes, MESSAGES.tooManyAttributes);
