import 'server-only';
import { z } from 'zod';
import type { CollectAgentInputRequest, HitlAttribute } from '@/lib/fin';
import { toJsonOrText } from '@/lib/hitl-form/convert';
import { attributeLabel, normalizeDataType } from '@/lib/hitl-form/names';
import type { ErrorEntry } from './errors';

type AttributeValue = CollectAgentInputRequest['attribute_values'][number];
type Issue = ErrorEntry & { field: string };

const isoDateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Where a value's message goes: forms key fields by the attribute identifier. */
export const valueField = (identifier: string) => `attribute_values.${identifier}`;

/** Checks one value against its attribute's type, returning what Fin should receive (coerced) or the field's message. */
export function coerceValue(
  attr: HitlAttribute,
  value: unknown,
): { value: AttributeValue['value'] } | { error: string } {
  const s = typeof value === 'string' ? value.trim() : null;
  switch (normalizeDataType(attr.data_type)) {
    case 'integer': {
      const n = typeof value === 'number' ? value : s !== null && INTEGER.test(s) ? Number(s) : NaN;
      return Number.isSafeInteger(n) ? { value: n } : { error: 'must be a whole number' };
    }
    case 'decimal': {
      const n = typeof value === 'number' ? value : s !== null && DECIMAL.test(s) ? Number(s) : NaN;
      return Number.isFinite(n) ? { value: n } : { error: 'must be a number' };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (s === 'true' || s === 'false') return { value: s === 'true' };
      return { error: 'must be true or false' };
    case 'list': {
      const options = attr.options ?? [];
      if (s !== null && options.some((o) => o.id === s)) return { value: s };
      return { error: `must be one of: ${options.map((o) => o.label).join(', ') || '(no options)'}` };
    }
    case 'datetime':
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { value };
      if (s !== null && isoDateTime.safeParse(s).success && !Number.isNaN(Date.parse(s))) return { value: s };
      return { error: 'must be an ISO 8601 date-time, e.g. 2024-01-15T09:30:00Z' };
    case 'string':
      if (s === null || s === '') return { error: 'is required' };
      return { value: s };
    default: {
      // A type the contract does not list yet: text, or JSON (the callback takes a value of any type).
      if (s === null)
        return value === null ? { error: 'is required' } : { value: value as AttributeValue['value'] };
      const converted = toJsonOrText(s);
      return converted.ok ? { value: converted.value } : { error: 'is required' };
    }
  }
}

/** Validates values against the step's attributes: each answered once, type-compatible, nothing extra; returned in attribute order. */
export function validateAttributeValues(
  attributes: HitlAttribute[],
  values: AttributeValue[],
): { ok: true; values: AttributeValue[] } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const byId = new Map<string, AttributeValue>();
  for (const v of values) {
    if (byId.has(v.identifier)) {
      issues.push({
        code: 'parameter_invalid',
        message: 'is answered more than once',
        field: valueField(v.identifier),
      });
    }
    byId.set(v.identifier, v);
  }
  const known = new Set(attributes.map((a) => a.identifier));
  for (const id of byId.keys()) {
    if (!known.has(id))
      issues.push({ code: 'parameter_invalid', message: `Unknown attribute ${id}`, field: valueField(id) });
  }
  const out: AttributeValue[] = [];
  for (const attr of attributes) {
    const given = byId.get(attr.identifier);
    const field = valueField(attr.identifier);
    if (!given || (typeof given.value === 'string' && given.value.trim() === '')) {
      issues.push({ code: 'parameter_invalid', message: `${attributeLabel(attr)} is required`, field });
      continue;
    }
    const result = coerceValue(attr, given.value);
    if ('error' in result)
      issues.push({ code: 'parameter_invalid', message: `${attributeLabel(attr)} ${result.error}`, field });
    else out.push({ identifier: attr.identifier, value: result.value });
  }
  return issues.length ? { ok: false, issues } : { ok: true, values: out };
}
