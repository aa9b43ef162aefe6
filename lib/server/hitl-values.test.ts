import { describe, expect, it } from 'vitest';
import type { HitlAttribute } from '@/lib/fin';
import { coerceValue, validateAttributeValues } from './hitl-values';

const attr = (data_type: string, extra: Partial<HitlAttribute> = {}): HitlAttribute => ({
  type: 'data_attribute',
  identifier: `workflow_local_variables.${data_type}`,
  name: data_type,
  label: `The ${data_type}`,
  data_type,
  ...extra,
});
const list = attr('list', {
  options: [
    { id: 'opt-1', label: 'Defective' },
    { id: 'opt-2', label: 'Changed mind' },
  ],
});
const ok = (a: HitlAttribute, v: unknown) => coerceValue(a, v);

describe('coerceValue per data type', () => {
  it('integer: whole numbers, numeric strings coerced', () => {
    expect(ok(attr('integer'), 12)).toEqual({ value: 12 });
    expect(ok(attr('integer'), ' -7 ')).toEqual({ value: -7 });
    for (const bad of [1.5, '1.5', 'ten', true, '', 2 ** 60])
      expect(ok(attr('integer'), bad)).toEqual({ error: 'must be a whole number' });
  });
  it('decimal: any finite number', () => {
    expect(ok(attr('decimal'), 12.5)).toEqual({ value: 12.5 });
    expect(ok(attr('decimal'), '0.25')).toEqual({ value: 0.25 });
    expect(ok(attr('decimal'), '3')).toEqual({ value: 3 });
    for (const bad of ['1,5', 'NaN', Infinity, false])
      expect(ok(attr('decimal'), bad)).toEqual({ error: 'must be a number' });
  });
  it('boolean: true/false only', () => {
    expect(ok(attr('boolean'), false)).toEqual({ value: false });
    expect(ok(attr('boolean'), 'true')).toEqual({ value: true });
    for (const bad of ['yes', 1, 0])
      expect(ok(attr('boolean'), bad)).toEqual({ error: 'must be true or false' });
  });
  it('list: an option id, never a label', () => {
    expect(ok(list, 'opt-2')).toEqual({ value: 'opt-2' });
    expect(ok(list, 'Defective')).toEqual({ error: 'must be one of: Defective, Changed mind' });
    expect(ok(attr('list'), 'x')).toEqual({ error: 'must be one of: (no options)' });
  });
  it('datetime: ISO 8601 with offset or date, or a unix timestamp', () => {
    for (const good of ['2024-01-15T09:30:00Z', '2024-01-15T09:30:00.123+02:00', '2024-01-15', 1705311000]) {
      expect(ok(attr('datetime'), good)).toEqual({ value: good });
    }
    for (const bad of ['2024-01-15T09:30:00', '15/01/2024', 'tomorrow', -1, 1.5]) {
      expect(ok(attr('datetime'), bad)).toMatchObject({ error: expect.stringContaining('ISO 8601') });
    }
  });
  it('string and unknown types: non-empty text', () => {
    expect(ok(attr('string'), ' hello ')).toEqual({ value: 'hello' });
    expect(ok(attr('string'), '  ')).toEqual({ error: 'is required' });
    expect(ok(attr('string'), 5)).toEqual({ error: 'is required' });
    expect(ok(attr('colour'), 'teal')).toEqual({ value: 'teal' });
  });
  it('unknown types: JSON as typed (string or not), compared like the browser does', () => {
    expect(ok(attr('colour'), '{"r": 1}')).toEqual({ value: { r: 1 } });
    expect(ok(attr('colour'), { r: 1 })).toEqual({ value: { r: 1 } });
    expect(ok(attr('colour'), '  ')).toEqual({ error: 'is required' });
    expect(ok(attr('colour'), null)).toEqual({ error: 'is required' });
    // The same normalising as the form: ` Integer ` is an integer, not an unknown type.
    expect(ok(attr(' Integer '), '7')).toEqual({ value: 7 });
    expect(ok(attr(' Integer '), 'seven')).toEqual({ error: 'must be a whole number' });
  });
});

describe('validateAttributeValues', () => {
  const attributes = [attr('boolean'), list, attr('integer')];
  it('returns coerced values in attribute order', () => {
    const r = validateAttributeValues(attributes, [
      { identifier: 'workflow_local_variables.integer', value: '3' },
      { identifier: 'workflow_local_variables.boolean', value: true },
      { identifier: 'workflow_local_variables.list', value: 'opt-1' },
    ]);
    expect(r).toEqual({
      ok: true,
      values: [
        { identifier: 'workflow_local_variables.boolean', value: true },
        { identifier: 'workflow_local_variables.list', value: 'opt-1' },
        { identifier: 'workflow_local_variables.integer', value: 3 },
      ],
    });
  });
  it('requires every attribute, rejects extras and repeats, with one field-level entry each', () => {
    const r = validateAttributeValues(attributes, [
      { identifier: 'workflow_local_variables.boolean', value: 'maybe' },
      { identifier: 'workflow_local_variables.boolean', value: true },
      { identifier: 'workflow_local_variables.nope', value: 1 },
      { identifier: 'workflow_local_variables.list', value: '' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.field, i.message])).toEqual([
      ['attribute_values.workflow_local_variables.boolean', 'is answered more than once'],
      ['attribute_values.workflow_local_variables.nope', 'Unknown attribute workflow_local_variables.nope'],
      ['attribute_values.workflow_local_variables.list', 'The list is required'],
      ['attribute_values.workflow_local_variables.integer', 'The integer is required'],
    ]);
  });
});
