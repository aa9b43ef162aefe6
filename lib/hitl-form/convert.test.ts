import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isoToLocalDateTime,
  isoUtc,
  localDateTimeToIso,
  toBoolean,
  toDecimal,
  toInteger,
  toJsonOrText,
  toOptionId,
  toText,
  type Converted,
} from './convert';
import { describeAnswers, formatAttributeValue } from './display';
import { normalizeDataType } from './names';

const value = <T>(r: Converted<T>) => (r.ok ? r.value : `✗ ${r.message}`);

describe('boolean', () => {
  it('has no silent default: only an explicit yes or no answers', () => {
    expect(value(toBoolean('true'))).toBe(true);
    expect(value(toBoolean('false'))).toBe(false);
    expect(value(toBoolean(''))).toBe('✗ Choose yes or no.');
    expect(value(toBoolean('yes'))).toBe('✗ Choose yes or no.');
  });
});

describe('list', () => {
  const options = [
    { id: '85f00ba7', label: 'Defective product' },
    { id: 'a3e2f1c4', label: 'Changed mind' },
  ];
  it('submits the option id', () => {
    expect(value(toOptionId('a3e2f1c4', options))).toBe('a3e2f1c4');
  });
  it('refuses an empty choice, a label, or an unknown id', () => {
    expect(value(toOptionId('', options))).toBe('✗ Choose one of the options.');
    expect(value(toOptionId('Changed mind', options))).toBe('✗ Choose one of the listed options.');
    expect(value(toOptionId('zzz', options))).toBe('✗ Choose one of the listed options.');
  });
});

describe('text', () => {
  it('trims and requires something', () => {
    expect(value(toText('  hello '))).toBe('hello');
    expect(value(toText('   '))).toBe('✗ Enter a value.');
  });
  it('has no length limit: the contract states none for a HITL value', () => {
    expect(toText('x'.repeat(10_001))).toEqual({ ok: true, value: 'x'.repeat(10_001) });
  });
});

describe('an unknown data type', () => {
  it('sends JSON as that JSON and anything else as the text', () => {
    expect(toJsonOrText(' {"a": [1, true]} ')).toEqual({ ok: true, value: { a: [1, true] } });
    expect(toJsonOrText('42')).toEqual({ ok: true, value: 42 });
    expect(toJsonOrText('not json {')).toEqual({ ok: true, value: 'not json {' });
    expect(toJsonOrText('  ')).toEqual({ ok: false, message: 'Enter a value.' });
  });
  it('compares data types without case or surrounding spaces', () => {
    expect(normalizeDataType(' Boolean ')).toBe('boolean');
    expect(normalizeDataType(undefined)).toBe('');
  });
});

describe('integer', () => {
  it.each([
    ['12', 12],
    [' -3 ', -3],
    ['+7', 7],
    ['0', 0],
    ['-0', 0],
    ['007', 7],
  ])('parses %j as %d', (raw, expected) => {
    expect(value(toInteger(raw))).toBe(expected);
  });
  it.each([
    ['', '✗ Enter a whole number.'],
    ['2.5', '✗ Enter a whole number, without decimals.'],
    ['1e3', '✗ Enter a whole number, without decimals.'],
    ['twelve', '✗ Enter a whole number, e.g. 12.'],
    ['12abc', '✗ Enter a whole number, e.g. 12.'],
    ['99999999999999999999', '✗ That number is too large.'],
  ])('rejects %j', (raw, message) => {
    expect(value(toInteger(raw))).toBe(message);
  });
});

describe('decimal', () => {
  it.each([
    ['19.99', 19.99],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['10', 10],
    ['10.', 10],
    ['1e3', 1000],
  ])('parses %j as %d', (raw, expected) => {
    expect(value(toDecimal(raw))).toBe(expected);
  });
  it.each([
    ['', '✗ Enter a number.'],
    ['12,50', '✗ Use a dot for decimals, e.g. 12.50.'],
    ['abc', '✗ Enter a number, e.g. 12.50.'],
    ['Infinity', '✗ Enter a number, e.g. 12.50.'],
    ['NaN', '✗ Enter a number, e.g. 12.50.'],
    ['1e999', '✗ That number is too large.'],
  ])('rejects %j', (raw, message) => {
    expect(value(toDecimal(raw))).toBe(message);
  });
});

describe('datetime', () => {
  const originalTz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    process.env.TZ = originalTz;
  });

  it('converts a datetime-local value in the browser zone to ISO 8601 UTC (Z)', () => {
    expect(value(localDateTimeToIso('2026-01-15T09:30'))).toBe('2026-01-15T14:30:00Z');
    expect(value(localDateTimeToIso('2026-07-15T09:30'))).toBe('2026-07-15T13:30:00Z');
    expect(value(localDateTimeToIso('2026-07-15T09:30:15'))).toBe('2026-07-15T13:30:15Z');
    expect(value(localDateTimeToIso('2026-12-31T23:30'))).toBe('2027-01-01T04:30:00Z');
  });

  it('refuses empty, malformed and impossible values', () => {
    expect(value(localDateTimeToIso(''))).toBe('✗ Choose a date and time.');
    expect(value(localDateTimeToIso('tomorrow'))).toBe('✗ Enter a date and time, e.g. 2026-03-01 09:30.');
    expect(value(localDateTimeToIso('2026-02-30T10:00'))).toBe('✗ That date does not exist.');
    // 02:30 on the spring-forward night does not exist in New York.
    expect(value(localDateTimeToIso('2026-03-08T02:30'))).toBe(
      '✗ That time does not exist in your time zone (the clocks change).',
    );
  });

  it('round-trips through the input format', () => {
    expect(isoToLocalDateTime('2026-01-15T14:30:00Z')).toBe('2026-01-15T09:30');
    expect(isoToLocalDateTime('not a date')).toBe('');
    expect(isoUtc(new Date(Date.UTC(2024, 0, 15, 9, 30)))).toBe('2024-01-15T09:30:00Z');
  });
});

describe('showing answered values', () => {
  const list = {
    identifier: 'l',
    name: 'Reason',
    label: 'Refund reason',
    data_type: 'list',
    options: [{ id: 'o1', label: 'Defective product' }],
  };
  it('shows list values by label, booleans as Yes/No, numbers and datetimes readably', () => {
    expect(formatAttributeValue(list, 'o1')).toBe('Defective product');
    expect(formatAttributeValue(list, 'gone')).toBe('gone');
    expect(formatAttributeValue(undefined, true)).toBe('Yes');
    expect(formatAttributeValue(undefined, false)).toBe('No');
    expect(formatAttributeValue({ ...list, data_type: 'decimal' }, 1234.5, 'en-US')).toBe('1,234.5');
    expect(formatAttributeValue({ ...list, data_type: 'datetime' }, '2024-01-15T09:30:00Z', 'en-US')).toMatch(
      /Jan 15, 2024/,
    );
    expect(formatAttributeValue({ ...list, data_type: 'datetime' }, 'soon')).toBe('soon');
  });
  it('labels answers by attribute and keeps unknown identifiers visible', () => {
    expect(
      describeAnswers(
        [list],
        [
          { identifier: 'l', value: 'o1' },
          { identifier: 'x', value: 'y' },
        ],
      ),
    ).toEqual([
      { identifier: 'l', label: 'Refund reason', text: 'Defective product' },
      { identifier: 'x', label: 'x', text: 'y' },
    ]);
  });
});
