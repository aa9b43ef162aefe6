import { describe, expect, it } from 'vitest';
import { prefilledDefaults } from './prefill';
import { buildHitlForm } from './registry';

const attribute = (identifier: string, data_type: string, extra = {}) => ({
  identifier,
  name: identifier,
  label: identifier,
  data_type,
  ...extra,
});

describe('prefilledDefaults', () => {
  it('turns each stored answer into what its field shows', () => {
    const { fields } = buildHitlForm([
      attribute('approve', 'boolean'),
      attribute('reason', 'list', { options: [{ id: 'o1', label: 'Late' }] }),
      attribute('amount', 'decimal'),
      attribute('note', 'string'),
      attribute('blob', 'mystery'),
      attribute('unanswered', 'integer'),
    ]);
    expect(
      prefilledDefaults(fields, [
        { identifier: 'approve', value: false },
        { identifier: 'reason', value: 'o1' },
        { identifier: 'amount', value: 12.5 },
        { identifier: 'note', value: 'ok' },
        { identifier: 'blob', value: { a: 1 } },
      ]),
    ).toEqual({ f0: 'false', f1: 'o1', f2: '12.5', f3: 'ok', f4: '{"a":1}', f5: '' });
  });

  it('leaves every field empty without answers', () => {
    const { fields } = buildHitlForm([attribute('approve', 'boolean')]);
    expect(prefilledDefaults(fields, null)).toEqual({ f0: '' });
  });
});
