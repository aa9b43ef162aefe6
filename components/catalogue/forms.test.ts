import { describe, expect, it } from 'vitest';
import { MESSAGES } from '@/lib/fin';
import { askFormSchema, endUserFormSchema, fromFinUser, runFormSchema, toFinUser } from './forms';
import { runErrorAdvice } from './run-errors';

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

describe('run and ask forms', () => {
  it('sets no length on the trigger message, as the references set none', () => {
    const base = { procedure_id: '1', conversation_id: 'c', attributes: [], email: false };
    expect(runFormSchema.safeParse({ ...base, message: 'x'.repeat(10_001) }).success).toBe(true);
  });
  it('limits ask history to 10 items', () => {
    const history = Array.from({ length: 11 }, () => ({ author: 'user' as const, body: 'hi' }));
    const r = askFormSchema.safeParse({ conversation_id: 'c', message: 'q', history, attributes: [] });
    expect(r.error?.issues[0]?.message).toBe(MESSAGES.historyTooLong);
  });
});

describe('runErrorAdvice', () => {
  it('offers the existing conversation when a session exists', () => {
    expect(runErrorAdvice(MESSAGES.sessionExists).action).toBe('open-existing');
  });
  it('explains a draft procedure', () => {
    expect(runErrorAdvice(MESSAGES.procedureNotLive).advice).toMatch(/live/);
  });
});
