import { isoToLocalDateTime } from './convert';
import type { AttributeValue, FieldSpec, RawValue } from './registry';

/** The form's raw values for answers given before, so a form can start from them ('' where none fits). */
export function prefilledDefaults(
  fields: readonly FieldSpec[],
  values: readonly { identifier: string; value: AttributeValue }[] | null,
): Record<string, RawValue> {
  const byId = new Map((values ?? []).map((v) => [v.identifier, v.value]));
  return Object.fromEntries(
    fields.map((f) => {
      const value = byId.get(f.attribute.identifier);
      return [f.key, value === undefined || value === null ? '' : raw(f, value)];
    }),
  );
}

function raw(field: FieldSpec, value: NonNullable<AttributeValue>): RawValue {
  switch (field.kind) {
    case 'yes-no':
      return typeof value === 'boolean' ? String(value) : '';
    case 'datetime':
      return typeof value === 'string' ? isoToLocalDateTime(value) : '';
    case 'fallback':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return typeof value === 'object' ? '' : String(value);
  }
}
