import { describe, expect, it } from 'vitest';
import { MESSAGES } from '@/lib/fin';
import { askFormSchema, runFormSchema } from './forms';
import { runErrorAdvice } from './run-errors';

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
