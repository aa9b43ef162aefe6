import { escapeHtml } from './html';
import type { SimValue } from './procedure-types';

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

function format(value: SimValue | undefined, filter: string | undefined): string {
  if (value === undefined) return '';
  if (filter === 'money' && typeof value === 'number') return value.toFixed(2);
  if (filter === 'date') {
    const date = new Date(typeof value === 'number' ? value * 1000 : String(value));
    return Number.isNaN(date.getTime()) ? String(value) : `${DATE_FORMAT.format(date)} UTC`;
  }
  return String(value);
}

/** Fills `{{name}}` / `{{name|money}}` / `{{name|date}}` from collected values; escapes for HTML bodies. */
export function fill(text: string, vars: Record<string, SimValue>, html: boolean): string {
  return text.replace(
    /\{\{\s*([a-z0-9_]+)(?:\|(money|date))?\s*\}\}/gi,
    (_, name: string, filter: string | undefined) => {
      const out = format(vars[name], filter);
      return html ? escapeHtml(out) : out;
    },
  );
}
