import { describe, expect, it } from 'vitest';
import type { RecentMessage } from '@/lib/fin';
import {
  decideLink,
  LINK_SKEW_MS,
  LINK_WINDOW_MS,
  stepEndUser,
  type RunFacts,
  type StepFacts,
} from './hitl-link-rules';

const AT = new Date('2026-03-01T12:00:00.000Z');
const ago = (ms: number) => new Date(AT.getTime() - ms);

const janeSays: RecentMessage = {
  type: 'conversation_part',
  id: 'p1',
  part_type: 'comment',
  body: '<p>I would like a refund</p>',
  created_at: AT.getTime() / 1000 - 30,
  author: { type: 'user', id: 'jane-1', name: 'Jane Doe', email: 'Jane@Example.com' },
};
const finSays: RecentMessage = {
  ...janeSays,
  id: 'p2',
  created_at: AT.getTime() / 1000 - 10,
  author: { type: 'bot', id: '814866', name: 'Fin', email: null },
};

const step = (over: Partial<StepFacts> = {}): StepFacts => ({
  step_id: 'step-1',
  conversation_id: '215473853299345',
  procedure_name: 'Refund request',
  recent_messages: [janeSays, finSays],
  received_at: AT,
  ...over,
});

const run = (id: string, over: Partial<RunFacts> = {}): RunFacts => ({
  id,
  procedure_name: 'Refund request',
  user: { id: 'jane-1', email: 'jane@example.com' },
  status: 'thinking',
  created_at: ago(5_000),
  intercom_conversation_id: null,
  step_conversations: [],
  ...over,
});

describe('decideLink', () => {
  it('links by Intercom id when a run carries it, whatever else matches', () => {
    const d = decideLink(step(), [
      run('look-alike'),
      run('named', {
        intercom_conversation_id: '215473853299345',
        procedure_name: null,
        created_at: ago(60_000),
      }),
    ]);
    expect(d).toMatchObject({ conversationId: 'named', kind: 'intercom_id', candidates: [] });
    expect(d.evidence).toEqual([
      {
        kind: 'intercom_id',
        weight: 'for',
        detail: 'Fin answered with Intercom conversation 215473853299345',
      },
    ]);
  });

  it('infers the one run that matches procedure, user, timing and state, and says why', () => {
    const d = decideLink(step(), [run('r1')]);
    expect(d.conversationId).toBe('r1');
    expect(d.kind).toBe('inferred');
    expect(d.evidence).toEqual([
      { kind: 'procedure', weight: 'for', detail: 'Both are "Refund request"' },
      { kind: 'user', weight: 'for', detail: "End user Jane@Example.com is the run's user" },
      { kind: 'timing', weight: 'for', detail: 'The run started 5.0 s before the step arrived' },
      { kind: 'state', weight: 'for', detail: 'The run is thinking' },
    ]);
    expect(d.candidates.map((c) => [c.conversation_id, c.score])).toEqual([['r1', 4]]);
  });

  it('links a run started without a user message when it is the only run of its procedure still waiting', () => {
    // Started by API with no message: the step's recent messages are Fin's alone.
    const d = decideLink(step({ recent_messages: [finSays] }), [
      run('api-run', { user: { id: 'api-user' }, status: 'replying' }),
      run('done-earlier', { user: { id: 'u2' }, status: 'complete', created_at: ago(60_000) }),
      run('other-procedure', { user: { id: 'u3' }, procedure_name: 'Plan upgrade' }),
      run('has-its-step', { user: { id: 'u4' }, step_conversations: ['215473853299001'] }),
    ]);
    expect(d).toMatchObject({ conversationId: 'api-run', kind: 'inferred' });
    expect(d.candidates.map((c) => [c.conversation_id, c.score])).toEqual([['api-run', 3]]);
    expect(d.evidence).toContainEqual({
      kind: 'user',
      weight: 'unknown',
      detail: "The step's recent messages name no end user",
    });
  });

  it('leaves two equally good runs unlinked and offers both, newest first', () => {
    const d = decideLink(step({ recent_messages: [finSays] }), [
      run('older', { created_at: ago(50_000) }),
      run('newer', { created_at: ago(2_000) }),
    ]);
    expect(d).toMatchObject({ conversationId: null, kind: null, evidence: [] });
    expect(d.candidates.map((c) => [c.conversation_id, c.score])).toEqual([
      ['newer', 3],
      ['older', 3],
    ]);
    expect(d.candidates[0]!.evidence).toContainEqual({
      kind: 'user',
      weight: 'unknown',
      detail: "The step's recent messages name no end user",
    });
  });

  it('picks the run whose user matches when the other run is another user of the same procedure', () => {
    const d = decideLink(step(), [
      run('bob', { user: { id: 'bob-7' }, created_at: ago(1_000) }),
      run('jane', { created_at: ago(9_000) }),
    ]);
    expect(d.conversationId).toBe('jane');
    expect(d.candidates.map((c) => [c.conversation_id, c.score])).toEqual([
      ['jane', 4],
      ['bob', 2],
    ]);
  });

  it('does not link when the best run leads by less than a clear margin', () => {
    // One run's procedure is known and matches, the other's name is not known yet: either could be it.
    const d = decideLink(step({ recent_messages: [] }), [
      run('named'),
      run('unnamed', { procedure_name: null, created_at: ago(3_000) }),
    ]);
    expect(d.conversationId).toBeNull();
    expect(d.candidates.map((c) => [c.conversation_id, c.score])).toEqual([
      ['named', 3],
      ['unnamed', 2],
    ]);
  });

  it('needs one definite match: a lone run whose procedure and user are both unknown is only a candidate', () => {
    const d = decideLink(step({ recent_messages: [] }), [run('r1', { procedure_name: null })]);
    expect(d.conversationId).toBeNull();
    expect(d.candidates).toHaveLength(1);
  });

  it('rules out runs that contradict the step', () => {
    const d = decideLink(step(), [
      run('other-procedure', { procedure_name: 'Plan upgrade' }),
      run('other-email', { user: { id: 'x', email: 'sam@example.com' } }),
      run('finished', { status: 'complete' }),
      run('too-late', { created_at: new Date(AT.getTime() + LINK_SKEW_MS + 1) }),
      run('too-early', { created_at: ago(LINK_WINDOW_MS + 1) }),
      run('other-intercom', { intercom_conversation_id: '999' }),
      run('has-other-step', { step_conversations: ['888'] }),
    ]);
    expect(d).toMatchObject({ conversationId: null, candidates: [] });
  });

  it('accepts a run recorded just after its step arrived (the webhook beat the answer)', () => {
    const d = decideLink(step(), [run('r1', { created_at: new Date(AT.getTime() + 800) })]);
    expect(d.conversationId).toBe('r1');
    expect(d.evidence).toContainEqual({
      kind: 'timing',
      weight: 'for',
      detail: 'The run was recorded 0.8 s after the step arrived',
    });
  });

  it('follows an earlier step of the same Intercom conversation to its run', () => {
    const d = decideLink(step({ recent_messages: [] }), [
      run('first', { step_conversations: ['215473853299345'], created_at: ago(90_000) }),
      run('second', { created_at: ago(1_000) }),
    ]);
    expect(d.conversationId).toBe('first');
    expect(d.evidence[0]).toMatchObject({ kind: 'same_conversation', weight: 'for' });
  });

  it('is deterministic: the order runs are given in does not change the answer', () => {
    const runs = [
      run('a', { created_at: ago(1_000) }),
      run('b', { created_at: ago(1_000) }),
      run('c', { user: { id: 'c' }, created_at: ago(1_000) }),
    ];
    const forward = decideLink(step({ recent_messages: [] }), runs);
    const backward = decideLink(step({ recent_messages: [] }), [...runs].reverse());
    expect(backward).toEqual(forward);
    expect(forward.candidates.map((c) => c.conversation_id)).toEqual(['a', 'b', 'c']);
  });
});

describe('stepEndUser', () => {
  it('is the newest part a user wrote, or null', () => {
    const later = {
      ...janeSays,
      id: 'p3',
      created_at: janeSays.created_at + 100,
      author: { type: 'user', id: 'u2' },
    };
    expect(stepEndUser([janeSays, finSays, later])).toEqual({ type: 'user', id: 'u2' });
    expect(stepEndUser([finSays])).toBeNull();
  });
});
