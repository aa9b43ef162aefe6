import type { AttributeValue, HitlAttribute, KnownDataType, ListOption } from '@/lib/fin';
import {
  localDateTimeToIso,
  toBoolean,
  toDecimal,
  toInteger,
  toOptionId,
  normalizeDataType,
  toJsonOrText,
  toText,
  type Converted,
} from './convert';

/**
 * The HITL form registry: each attribute data type → the kind of field that asks for it and
 * the conversion rule that turns the field's text into the callback value (`./schema.ts` wraps
 * each rule in a zod fragment, loaded apart so zod stays out of the step page's first load). The field components
 * for each kind live in `components/hitl/fields/` (keyed by `FieldKind`, so a kind without a
 * component is a type error). Anything not listed falls back to labelled free text.
 */
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

/** What the form holds for one field: always text, as inputs give it. */
export type RawValue = string;

export interface FieldSpec {
  /** Form field name; identifiers contain dots, which react-hook-form would read as nesting. */
  key: string;
  attribute: HitlAttribute;
  kind: FieldKind;
  label: string;
  options: ListOption[];
  /** Why a field is shown as free text, when it is a fallback. */
  note: string | null;
  /** The conversion rule; `./schema.ts` makes the field's zod fragment from it. */
  convert: (raw: RawValue) => Converted<AttributeValue>;
}

/** Up to this many options show as radio buttons; more use a select. */
export const RADIO_MAX_OPTIONS = 5;

/** String attributes whose name suggests more than a line get a textarea. */
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

/** The registry lists every known data type (typed against the contract's `KNOWN_DATA_TYPES`). */
export function isKnownDataType(dataType: string): dataType is KnownDataType {
  return Object.hasOwn(REGISTRY, dataType);
}

/** What a field is called: its label, else its name, else (a notification that gave neither) its identifier. */
export const attributeLabel = (a: Pick<HitlAttribute, 'label' | 'name' | 'identifier'>) =>
  a.label.trim() || a.name.trim() || a.identifier;

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

/** Builds the form (fields, empty defaults) from a step's attributes; `hitlSchema` validates it. */
export function buildHitlForm(attributes: readonly HitlAttribute[]): HitlForm {
  const fields = attributes.map(fieldFor);
  return { fields, defaults: Object.fromEntries(fields.map((f) => [f.key, ''])) };
}

/** The callback's `attribute_values`, in the order the step listed its attributes. */
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

/**
 * Which form field a server error names: `attribute_values.<identifier>`, the bare identifier,
 * or a zod path into the submitted body (`attribute_values.2.value`, in the fields' order).
 */
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
