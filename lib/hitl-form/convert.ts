import type { AttributeValue, ListOption } from '@/lib/fin';

// Pure, so the zod fragments and the display code share one set of rules and messages.
export type Converted<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = (message: string): Converted<never> => ({ ok: false, message });

export const REQUIRED_MESSAGES = {
  boolean: 'Choose yes or no.',
  list: 'Choose one of the options.',
  text: 'Enter a value.',
  integer: 'Enter a whole number.',
  decimal: 'Enter a number.',
  datetime: 'Choose a date and time.',
} as const;

export function toBoolean(raw: string): Converted<boolean> {
  if (raw === 'true') return ok(true);
  if (raw === 'false') return ok(false);
  return fail(REQUIRED_MESSAGES.boolean);
}

/** A list answer is the option's id, never its label. */
export function toOptionId(raw: string, options: readonly ListOption[]): Converted<string> {
  if (!raw) return fail(REQUIRED_MESSAGES.list);
  if (!options.some((o) => o.id === raw)) return fail('Choose one of the listed options.');
  return ok(raw);
}

export function toText(raw: string): Converted<string> {
  const value = raw.trim();
  if (!value) return fail(REQUIRED_MESSAGES.text);
  return ok(value);
}

/** JSON when the teammate typed JSON (the callback takes any type for an unknown one), else the text. */
export function toJsonOrText(raw: string): Converted<AttributeValue> {
  const text = toText(raw);
  if (!text.ok) return text;
  try {
    return ok(JSON.parse(text.value) as AttributeValue);
  } catch {
    return text;
  }
}

/** Data types compare without case or surrounding spaces (`Boolean ` is `boolean`), in the browser and on the server alike. */

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function toInteger(raw: string): Converted<number> {
  const text = raw.trim();
  if (!text) return fail(REQUIRED_MESSAGES.integer);
  if (!INTEGER.test(text)) {
    return DECIMAL.test(text)
      ? fail('Enter a whole number, without decimals.')
      : fail('Enter a whole number, e.g. 12.');
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return fail('That number is too large.');
  return ok(value === 0 ? 0 : value);
}

export function toDecimal(raw: string): Converted<number> {
  const text = raw.trim();
  if (!text) return fail(REQUIRED_MESSAGES.decimal);
  if (/^[+-]?\d+,\d+$/.test(text)) return fail('Use a dot for decimals, e.g. 12.50.');
  if (!DECIMAL.test(text)) return fail('Enter a number, e.g. 12.50.');
  const value = Number(text);
  if (!Number.isFinite(value)) return fail('That number is too large.');
  return ok(value === 0 ? 0 : value);
}

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

export function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Impossible dates (Feb 30) and times skipped by a clock change are refused rather than shifted. */
export function localDateTimeToIso(raw: string): Converted<string> {
  const text = raw.trim();
  if (!text) return fail(REQUIRED_MESSAGES.datetime);
  const m = LOCAL_DATETIME.exec(text);
  if (!m) return fail('Enter a date and time, e.g. 2026-03-01 09:30.');
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(y, mo - 1, d, h, mi, s);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d)
    return fail('That date does not exist.');
  if (date.getHours() !== h || date.getMinutes() !== mi)
    return fail('That time does not exist in your time zone (the clocks change).');
  return ok(isoUtc(date));
}

export function isoToLocalDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
