import { describe, expect, it } from 'vitest';
import { hitlStepSchema, type HitlStep } from '@/lib/console/types';
import { errorListSchema } from '@/lib/fin';
import { hitlStep } from '@/testing/hitl-step';
import { isHitlStep, readErrorList } from './shapes';

const step: HitlStep = hitlStep({
  external_conversation_id: null,
  hitl_question: 'Approve?',
  attributes: [{ identifier: 'ok', name: 'ok', label: 'OK', data_type: 'boolean' }],
  priority: null,
  conversation_url: null,
  recent_messages: [],
  received_at: '2026-03-01T12:00:00Z',
});

describe('client shape checks agree with the contract schemas', () => {
  const steps: unknown[] = [
    step,
    { ...step, status: 'submitted', answered_by: 'Ann', attribute_values: [] },
    { ...step, status: 'refused', outcome: 'The callback_url is not https.' },
    { ...step, claimed_by: 'Sam', claimed_by_id: 'u1', claim_expires_at: '2026-03-01T12:00:00Z' },
    { ...step, claimed_by_id: 7 },
    { ...step, status: 'lost' },
    { ...step, step_id: 1 },
    { ...step, attributes: [{ identifier: 'x' }] },
    { ...step, expires_at: '10' },
    { ...step, received_at: undefined },
    null,
    'step',
  ];
  it.each(steps.map((s, i) => [i, s]))('step %i', (_i, s) => {
    expect(isHitlStep(s)).toBe(hitlStepSchema.safeParse(s).success);
  });

  const bodies: unknown[] = [
    { type: 'error.list', request_id: null, errors: [{ code: 'x', message: 'Bad', field: 'user.id' }] },
    { type: 'error.list', errors: [{ code: 'x' }] },
    { type: 'error.list', errors: [] },
    { type: 'error.list', errors: [{ message: 'no code' }] },
    { type: 'error', errors: [{ code: 'x' }] },
    { errors: { base: 'Nope' } },
    null,
  ];
  it.each(bodies.map((b, i) => [i, b]))('error body %i', (_i, b) => {
    expect(readErrorList(b) !== null).toBe(errorListSchema.safeParse(b).success);
  });
});
