export interface KeyValueRow {
  key: string;
  value: string;
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
