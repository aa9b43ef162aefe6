import { describe, expect, it } from 'vitest';
import { findProcedure, PROCEDURE_IDS } from '@/lib/sim/procedures';
import { audienceInWords, audienceVerdict } from './audience';

const proc = (id: string) => findProcedure(id)!;

describe('audience in words', () => {
  it('says a rule as a sentence', () => {
    expect(audienceInWords([])).toBe('Everyone');
    expect(audienceInWords(proc(PROCEDURE_IDS.billingDispute).audience)).toBe(
      'plan_type is one of Pro, Enterprise',
    );
    expect(
      audienceInWords([
        { attribute: 'vip', op: 'eq', value: true },
        { attribute: 'seats', op: 'gte', value: 50 },
        { attribute: 'age', op: 'lt', value: 30 },
      ]),
    ).toBe('vip is true and seats is 50 or more and age is less than 30');
  });

  it('lists a procedure whose rule holds, with no reasons', () => {
    expect(audienceVerdict(proc(PROCEDURE_IDS.billingDispute), { plan_type: 'Pro' })).toEqual({
      listed: true,
      reasons: [],
    });
  });

  it('says why a procedure is left out', () => {
    expect(audienceVerdict(proc(PROCEDURE_IDS.billingDispute), { plan_type: 'Starter' }).reasons).toEqual([
      'plan_type is "Starter"; needs one of Pro, Enterprise',
    ]);
    expect(audienceVerdict(proc(PROCEDURE_IDS.priorityCallback), {}).reasons).toEqual([
      'vip is not set; needs true',
    ]);
    expect(audienceVerdict(proc(PROCEDURE_IDS.dataExport), {}).reasons).toEqual(['not live']);
    expect(audienceVerdict(proc(PROCEDURE_IDS.shippingAddress), {}).reasons).toEqual(['has no API trigger']);
    expect(
      audienceVerdict(
        { live: false, api_trigger: false, audience: [{ attribute: 'seats', op: 'gte', value: 50 }] },
        { seats: 3 },
      ),
    ).toEqual({ listed: false, reasons: ['not live', 'has no API trigger', 'seats is 3; needs 50 or more'] });
  });
});
