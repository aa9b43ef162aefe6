import { describe, expect, it } from 'vitest';
import { KNOWN_DATA_TYPES, type AttributeValue, type HitlAttribute } from '@/lib/fin';
import {
  buildHitlForm,
  fieldFor,
  fieldKeyForError,
  REGISTRY,
  toAttributeValues,
  toRawValue,
  type FieldKind,
} from './registry';
import { fragment, hitlSchema } from './schema';

const attr = (data_type: string, extra: Partial<HitlAttribute> = {}): HitlAttribute => ({
  type: 'data_attribute',
  identifier: `workflow_local_variables.${data_type}-id`,
  name: `${data_type} name`,
  label: `${data_type} label`,
  data_type,
  ...extra,
});

const options = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `opt-${i}`, label: `Option ${i}` }));

function messagesOf(
  schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } } },
  raw: unknown,
) {
  const r = schema.safeParse(raw);
  return r.success ? [] : (r.error?.issues.map((i) => i.message) ?? []);
}

describe('the field kind chosen for each data type', () => {
  const cases: [string, Partial<HitlAttribute>, FieldKind][] = [
    ['string', {}, 'text'],
    ['integer', {}, 'integer'],
    ['decimal', {}, 'decimal'],
    ['boolean', {}, 'yes-no'],
    ['list', { options: options(2) }, 'choice-radio'],
    ['list', { options: options(5) }, 'choice-radio'],
    ['list', { options: options(6) }, 'choice-select'],
    ['datetime', {}, 'datetime'],
  ];
  it.each(cases)('%s %o → %s', (dataType, extra, kind) => {
    expect(fieldFor(attr(dataType, extra), 0).kind).toBe(kind);
  });

  it('covers every documented data type in the registry', () => {
    expect(Object.keys(REGISTRY).sort()).toEqual([...KNOWN_DATA_TYPES].sort());
  });

  it.each(['Note', 'Refund reason', 'Internal comment', 'Description', 'Verification notes'])(
    'gives a string named "%s" a textarea',
    (label) => {
      expect(fieldFor(attr('string', { label, name: label }), 0).kind).toBe('long-text');
    },
  );

  it('keeps short strings on one line (no false match inside words)', () => {
    expect(fieldFor(attr('string', { name: 'Denotation', label: 'Order number' }), 0).kind).toBe('text');
  });

  it('reads data types leniently (case, spaces)', () => {
    expect(fieldFor(attr(' Boolean '), 0).kind).toBe('yes-no');
  });

  it.each(['date', 'options', 'json', '', 'float'])(
    'falls back to labelled free text for unknown type "%s"',
    (dataType) => {
      const field = fieldFor(attr(dataType), 0);
      expect(field.kind).toBe('fallback');
      expect(field.note).toContain('is not known to this console; the value is sent as text');
      expect(field.note).toContain(dataType || '(none)');
      expect(fragment(field.convert).parse('  anything  ')).toBe('anything');
    },
  );

  it('falls back to free text for a list without options', () => {
    const field = fieldFor(attr('list', { options: null }), 0);
    expect(field.kind).toBe('fallback');
    expect(field.note).toMatch(/without options/);
  });

  it('uses the label, then the name, then the identifier as the field label', () => {
    expect(fieldFor(attr('string', { label: 'Shown' }), 0).label).toBe('Shown');
    expect(fieldFor(attr('string', { label: '  ', name: 'Named' }), 0).label).toBe('Named');
    expect(fieldFor(attr('string', { label: '', name: '' }), 0).label).toBe(
      'workflow_local_variables.string-id',
    );
  });
});

describe('the zod schema built from the attribute list', () => {
  const attributes = [
    attr('boolean'),
    attr('list', { options: options(3) }),
    attr('string'),
    attr('integer'),
    attr('decimal'),
    attr('datetime'),
    attr('colour'),
  ];
  const form = buildHitlForm(attributes);

  it('has one key per attribute, free of dots, with empty defaults', () => {
    expect(Object.keys(hitlSchema(form.fields).shape)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    expect(form.defaults).toEqual({ f0: '', f1: '', f2: '', f3: '', f4: '', f5: '', f6: '' });
  });

  it('requires every field, with a message for each', () => {
    const r = hitlSchema(form.fields).safeParse(form.defaults);
    expect(r.success).toBe(false);
    const byField = Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(byField).toEqual({
      f0: 'Choose yes or no.',
      f1: 'Choose one of the options.',
      f2: 'Enter a value.',
      f3: 'Enter a whole number.',
      f4: 'Enter a number.',
      f5: 'Choose a date and time.',
      f6: 'Enter a value.',
    });
  });

  it('turns a complete form into typed callback values, list as option id', () => {
    const parsed = hitlSchema(form.fields).parse({
      f0: 'false',
      f1: 'opt-2',
      f2: ' Checked the passport ',
      f3: '42',
      f4: '19.99',
      f5: '2026-03-01T09:30',
      f6: 'teal',
    });
    const values = toAttributeValues(form.fields, parsed);
    expect(values.map((v) => v.identifier)).toEqual(attributes.map((a) => a.identifier));
    expect(values.map((v) => v.value)).toEqual([
      false,
      'opt-2',
      'Checked the passport',
      42,
      19.99,
      expect.stringMatching(/^2026-03-0[12]T\d{2}:\d{2}:00Z$/),
      'teal',
    ]);
  });

  it('rejects a list value that is not one of the option ids (e.g. its label)', () => {
    expect(messagesOf(fragment(form.fields[1]!.convert), 'Option 2')).toEqual([
      'Choose one of the listed options.',
    ]);
  });

  it('rejects non-strings outright', () => {
    expect(messagesOf(fragment(form.fields[3]!.convert), 5)).toEqual(['This field is required.']);
  });
});

describe('mapping server field errors onto fields', () => {
  const fields = buildHitlForm([attr('boolean'), attr('integer')]).fields;
  it('by attribute identifier, bare or under attribute_values', () => {
    expect(fieldKeyForError(fields, 'workflow_local_variables.integer-id')).toBe('f1');
    expect(fieldKeyForError(fields, 'attribute_values.workflow_local_variables.boolean-id')).toBe('f0');
  });
  it('by position in the submitted body', () => {
    expect(fieldKeyForError(fields, 'attribute_values.0.value')).toBe('f0');
    expect(fieldKeyForError(fields, 'attribute_values.1')).toBe('f1');
  });
  it('not at all for other fields', () => {
    expect(fieldKeyForError(fields, 'teammate')).toBeNull();
    expect(fieldKeyForError(fields, 'attribute_values.7.value')).toBeNull();
  });
});

describe('an answer shown back in its field', () => {
  it('is what the field held when it sent the value, for every data type', () => {
    const cases: [HitlAttribute, AttributeValue, string][] = [
      [attr('boolean'), false, 'false'],
      [attr('list', { options: options(2) }), 'opt-1', 'opt-1'],
      [attr('list', { options: options(9) }), 'opt-7', 'opt-7'],
      [attr('string'), 'Checked photo ID', 'Checked photo ID'],
      [attr('integer'), 42, '42'],
      [attr('decimal'), 9.95, '9.95'],
      [attr('odd'), { a: 1 }, '{"a":1}'],
    ];
    for (const [a, value, raw] of cases) {
      const field = fieldFor(a, 0);
      expect(toRawValue(field, value)).toBe(raw);
      const converted = field.convert(raw);
      expect(converted.ok && converted.value).toEqual(value);
    }
  });

  it('shows a datetime in local time, and nothing for a missing answer', () => {
    const field = fieldFor(attr('datetime'), 0);
    const iso = '2026-03-04T05:06:00Z';
    const raw = toRawValue(field, iso);
    expect(raw).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(field.convert(raw)).toEqual({ ok: true, value: iso });
    expect(toRawValue(field, Date.parse(iso) / 1000)).toBe(raw);
    expect(toRawValue(field, null)).toBe('');
    expect(toRawValue(fieldFor(attr('boolean'), 0), 'yes')).toBe('');
  });
});
