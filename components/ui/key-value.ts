import * as z from 'zod/mini';

export interface KeyValueRow {
  key: string;
  value: string;
}

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

/**
 * Reads a typed value from what was typed: `true`/`false` as booleans and plain numbers as
 * numbers (audience rules compare typed values), anything else as text.
 */
export function coerceValue(text: string): string | number | boolean {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(t) && Number.isFinite(Number(t))) return Number(t);
  return text;
}

export function rowsToRecord(
  rows: readonly KeyValueRow[],
): Record<string, string | number | boolean> | undefined {
  const filled = rows.filter((r) => r.key.trim() !== '');
  if (filled.length === 0) return undefined;
  return Object.fromEntries(filled.map((r) => [r.key.trim(), coerceValue(r.value)]));
}

export function recordToRows(record: Record<string, unknown> | undefined | null): KeyValueRow[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}
