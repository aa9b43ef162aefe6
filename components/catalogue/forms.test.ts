import { describe, expect, it } from 'vitest';
import { MESSAGES } from '@/lib/fin';
import { endUserFormSchema, fromFinUser, toFinUser } from './forms';

describe('end user form', () => {
  it('builds the Fin user, leaving out empty fields', () => {
    const v = endUserFormSchema.parse({
      id: ' u-1 ',
      name: '',
      email: '',
      attributes: [{ key: 'vip', value: 'true' }],
    });
    expect(toFinUser(v)).toEqual({ id: 'u-1', attributes: { vip: true } });
  });
  it('requires an id and a valid email', () => {
    const r = endUserFormSchema.safeParse({ id: '', name: '', email: 'nope', attributes: [] });
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      MESSAGES.userIdRequired,
      'Enter a valid email address, or leave it empty',
    ]);
  });
  it('round-trips a stored user', () => {
    const user = { id: 'u', name: 'Jane', email: 'j@example.com', attributes: { plan_type: 'Pro' } };
    expect(toFinUser(endUserFormSchema.parse(fromFinUser(user)))).toEqual(user);
  });
  it('caps attributes at the contract limit', () => {
    const attributes = Array.from({ length: 11 }, (_, i) => ({ key: `a${i}`, value: '1' }));
    expect(
      endUserFormSchema.safeParse({ id: 'u', name: '', email: '', attributes }).error?.issues[0]?.message,
    ).toBe(MESSAGES.tooManyAttributes);
  });
});
