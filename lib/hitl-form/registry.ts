import type { AttributeValue, HitlAttribute, KnownDataType, ListOption } from '@/lib/fin';
import {
  isoToLocalDateTime,
  localDateTimeToIso,
  toBoolean,
  toDecimal,
  toInteger,
  toOptionId,
  toJsonOrText,
  toText,
  type Converted,
} from './convert';
import { attributeLabel } from './names';
import { normalizeDataType } from './names';

// Each rule becomes a zod fragment in ./schema.ts, loaded apart so zod stays out of the step page's
// first load. Field components in components/hitl/fields/ are keyed by `FieldKind`.
export type FieldKind =
  | 'yes-no'
  | 'choice-radio'
  | 'choice-select'
  | 'text'
  | 'long-text'
  | 'integer'
  | 'decimal'
  | 'datetime'
  | 'fallback';

export type { AttributeValue };

export type RawValue = string;

export interface FieldSpec {
  /** Form field name; identifiers contain dots, which react-hook-form would read as nesting. */
  key: string;
  attribute: HitlAttribute;
  kind: FieldKind;
  label: string;
  options: ListOption[];
  note: string | null;
  convert: (raw: RawValue) => Converted<AttributeValue>;
}

export const RADIO_MAX_OPTIONS = 5;

const LONG_TEXT =
  /\b(notes?|reasons?|comments?|descriptions?|details?|explanation|explain|summary|message|why)\b/i;

type Entry = (attribute: HitlAttribute) => Pick<FieldSpec, 'kind' | 'note' | 'convert'>;

const textEntry: Entry = (a) => ({
  kind: LONG_TEXT.test(`${a.name} ${a.label}`) ? 'long-text' : 'text',
  note: null,
  convert: toText,
});

const fallback = (note: string) => ({ kind: 'fallback' as const, note, convert: toJsonOrText });

export const REGISTRY: Record<KnownDataType, Entry> = {
  string: textEntry,
  integer: () => ({ kind: 'integer', note: null, convert: toInteger }),
  decimal: () => ({ kind: 'decimal', note: null, convert: toDecimal }),
  boolean: () => ({ kind: 'yes-no', note: null, convert: toBoolean }),
  datetime: () => ({ kind: 'datetime', note: null, convert: localDateTimeToIso }),
  list: (a) => {
    const options = a.options ?? [];
    if (options.length === 0) return fallback('This list came without options; the value is sent as text.');
    return {
      kind: options.length <= RADIO_MAX_OPTIONS ? 'choice-radio' : 'choice-select',
      note: null,
      convert: (raw) => toOptionId(raw, options),
    };
  },
};

export function isKnownDataType(dataType: string): dataType is KnownDataType {
  return Object.hasOwn(REGISTRY, dataType);
}

/** Looks a data type up leniently (`Boolean ` is `boolean`); unknown ones are explained, never fatal. */
export function fieldFor(attribute: HitlAttribute, index: number): FieldSpec {
  const dataType = normalizeDataType(attribute.data_type);
  const entry = isKnownDataType(dataType)
    ? REGISTRY[dataType](attribute)
    : fallback(
        `Type "${attribute.data_type || '(none)'}" is not known to this console; the value is sent as text, or as JSON when you enter JSON.`,
      );
  return {
    key: `f${index}`,
    attribute,
    label: attributeLabel(attribute),
    options: attribute.options ?? [],
    ...entry,
  };
}

export interface HitlForm {
  fields: FieldSpec[];
  defaults: Record<string, RawValue>;
}

export function buildHitlForm(attributes: readonly HitlAttribute[]): HitlForm {
  const fields = attributes.map(fieldFor);
  return { fields, defaults: Object.fromEntries(fields.map((f) => [f.key, ''])) };
}

export function toAttributeValues(
  fields: readonly FieldSpec[],
  parsed: Record<string, AttributeValue>,
): { identifier: string; value: AttributeValue }[] {
  return fields.map((f) => {
    const value = parsed[f.key];
    if (value === undefined) throw new Error(`No value for ${f.attribute.identifier}`);
    return { identifier: f.attribute.identifier, value };
  });
}

/** `attribute_values.<identifier>`, the bare identifier, or a zod path into the body (in the fields' order). */
export function fieldKeyForError(fields: readonly FieldSpec[], errorField: string): string | null {
  const byIdentifier = fields.find(
    (f) =>
      errorField === f.attribute.identifier || errorField === `attribute_values.${f.attribute.identifier}`,
  );
  if (byIdentifier) return byIdentifier.key;
  const m = /^attribute_values\.(\d+)(\.|$)/.exec(errorField);
  if (m) return fields[Number(m[1])]?.key ?? null;
  return null;
}

/** What a field held when it sent `value`: the inverse of its `convert`, to show an answer in its form. */
export function toRawValue(field: Pick<FieldSpec, 'kind'>, value: AttributeValue | null): RawValue {
  if (value === null) return '';
  switch (field.kind) {
    case 'yes-no':
      return typeof value === 'boolean' ? String(value) : '';
    case 'datetime':
      if (typeof value === 'number') return isoToLocalDateTime(new Date(value * 1000).toISOString());
      return typeof value === 'string' ? isoToLocalDateTime(value) : '';
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
