import { describe, expect, it } from 'vitest';
import { coerceValue, recordToRows, rowsToRecord } from './key-value';
import { keyValueRowsSchema } from './key-value-schema';

const schema = keyValueRowsSchema(2, 'Cannot update more than 10 attributes at once.');

describe('keyValueRowsSchema', () => {
  it('ignores blank rows and trims names', () => {
    expect(
      schema.parse([
        { key: ' plan ', value: 'Pro' },
        { key: '', value: ' ' },
      ]),
    ).toEqual([{ key: 'plan', value: 'Pro' }]);
  });
  it('needs a name for a value and unique names', () => {
    const r = schema.safeParse([
      { key: '', value: 'x' },
      { key: 'a', value: '1' },
      { key: 'a', value: '2' },
    ]);
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['0.key', '2.key']));
  });
  it('caps the number of rows', () => {
    const r = schema.safeParse([
      { key: 'a', value: '' },
      { key: 'b', value: '' },
      { key: 'c', value: '' },
    ]);
    expect(r.error?.issues[0]?.message).toBe('Cannot update more than 10 attributes at once.');
  });
});

describe('values', () => {
  it('types booleans and numbers, keeps other text', () => {
    expect([
      coerceValue('true'),
      coerceValue('false'),
      coerceValue('42'),
      coerceValue('-1.5'),
      coerceValue('Pro'),
      coerceValue('007'),
    ]).toEqual([true, false, 42, -1.5, 'Pro', '007']);
  });
  it('round-trips a record', () => {
    const record = { plan_type: 'Pro', vip: true, seats: 12 };
    expect(rowsToRecord(recordToRows(record))).toEqual(record);
    expect(rowsToRecord([])).toBeUndefined();
  });
});
