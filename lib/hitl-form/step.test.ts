import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyStep, hitlKeys, newerStep, placeInList } from '@/lib/client/queries/hitl';
import type { HitlStep } from '@/lib/console/types';
import { hitlStep } from '@/testing/hitl-step';
import {
  answerability,
  claimState,
  conversationLink,
  endUserOf,
  formatCountdown,
  formatDuration,
  isExpired,
  matchesSearch,
  procedureLabel,
  questionLabel,
  sortSteps,
  stepGaps,
} from './step';

const NOW = Date.parse('2026-03-01T12:00:00Z');

const step = hitlStep;

describe('expiry', () => {
  it('is expired once expires_at has passed, and not before', () => {
    expect(isExpired(step({ expires_at: NOW / 1000 - 1 }), NOW)).toBe(true);
    expect(isExpired(step({ expires_at: NOW / 1000 + 60 }), NOW)).toBe(false);
    expect(isExpired(step({ expires_at: null }), NOW)).toBe(false);
  });
  it('believes the server when it recorded an expiry, whatever the local clock says', () => {
    expect(
      isExpired(step({ status: 'failed', outcome: 'expired or gone: This HITL request has expired' }), NOW),
    ).toBe(true);
  });
  it('never calls an answered step expired', () => {
    expect(isExpired(step({ status: 'submitted', expires_at: NOW / 1000 - 1 }), NOW)).toBe(false);
  });
});

describe('claims', () => {
  const until = new Date(NOW + 90_000).toISOString();
  it('tells mine from someone else’s, case-insensitively', () => {
    expect(claimState(step({ claimed_by: 'Sam', claim_expires_at: until }), 'sam ', NOW)).toEqual({
      kind: 'mine',
      msLeft: 90_000,
    });
    expect(claimState(step({ claimed_by: 'Sam', claim_expires_at: until }), 'Alex', NOW)).toEqual({
      kind: 'other',
      by: 'Sam',
      msLeft: 90_000,
    });
  });
  it('tells an account’s claim by its account: a namesake sees it as someone else’s', () => {
    const byAccount = step({ claimed_by: 'Sam', claimed_by_id: 'u1', claim_expires_at: until });
    expect(claimState(byAccount, { id: 'u1', name: 'Sam' }, NOW).kind).toBe('mine');
    expect(claimState(byAccount, { id: 'u2', name: 'Sam' }, NOW)).toEqual({
      kind: 'other',
      by: 'Sam',
      msLeft: 90_000,
    });
    expect(answerability(byAccount, { id: 'u2', name: 'Sam' }, NOW)).toMatchObject({
      ok: false,
      reason: 'claimed',
    });
  });
  it('treats a lapsed claim as no claim', () => {
    expect(
      claimState(step({ claimed_by: 'Sam', claim_expires_at: new Date(NOW - 1).toISOString() }), 'Alex', NOW),
    ).toEqual({ kind: 'none' });
  });
});

describe('whether a step can be answered', () => {
  it('can when pending, unclaimed or claimed by me', () => {
    expect(answerability(step(), 'Alex', NOW)).toEqual({ ok: true });
  });
  it.each([
    [step({ status: 'submitted', answered_by: 'Sam' }), 'answered', 'Already answered by Sam.'],
    [
      step({ expires_at: NOW / 1000 - 5 }),
      'expired',
      'This step has expired and can no longer be answered. The procedure follows its timeout path.',
    ],
    [
      step({ status: 'failed', outcome: 'refused: Access Token Invalid' }),
      'failed',
      'This step can no longer be answered: refused: Access Token Invalid',
    ],
    [step({ status: 'submitting' }), 'submitting', 'An answer to this step is being sent right now.'],
    [
      step({ status: 'refused', outcome: 'The callback_url is not https.', expires_at: NOW / 1000 - 5 }),
      'refused',
      'The callback_url is not https. The console only calls the configured Fin API, so this step cannot be answered here.',
    ],
    [
      step({ claimed_by: 'Sam', claim_expires_at: new Date(NOW + 180_000).toISOString() }),
      'claimed',
      'Sam is working on this step. Their claim lapses in 3 min.',
    ],
  ])('cannot when %#', (s, reason, message) => {
    expect(answerability(s, 'Alex', NOW)).toEqual({ ok: false, reason, message });
  });
});

describe('reading a step', () => {
  it('finds the end user among the recent messages', () => {
    expect(endUserOf(step())).toBe('Jane Doe');
    expect(endUserOf(step({ recent_messages: [] }))).toBeNull();
  });
  it('links to the console timeline when it knows the conversation, else to Intercom', () => {
    expect(conversationLink(step())).toEqual({ href: '/conversations/ext-1', external: false });
    expect(conversationLink(step({ external_conversation_id: null }))).toEqual({
      href: 'https://app.intercom.com/a/inbox/x/conversation/215473853299345',
      external: true,
    });
    expect(
      conversationLink(step({ external_conversation_id: null, conversation_url: 'javascript:alert(1)' })),
    ).toBeNull();
  });
  it('formats durations compactly', () => {
    expect(
      [0, 42_000, 180_000, 3_600_000, 7_500_000, 90_000_000, 86_400_000, -5].map(formatDuration),
    ).toEqual(['0 s', '42 s', '3 min', '1 h', '2 h 5 min', '1 d 1 h', '1 d', '0 s']);
    expect(formatCountdown(245_000)).toBe('4:05');
  });
  it('sorts by age either way', () => {
    const a = step({ step_id: 'a', received_at: '2026-03-01T10:00:00Z' });
    const b = step({ step_id: 'b', received_at: '2026-03-01T11:00:00Z' });
    expect(sortSteps([b, a], 'oldest').map((s) => s.step_id)).toEqual(['a', 'b']);
    expect(sortSteps([a, b], 'newest').map((s) => s.step_id)).toEqual(['b', 'a']);
  });
  it('searches every word across procedure, question, teammate, user and values', () => {
    const s = step({ answered_by: 'Sam Lee' });
    expect(matchesSearch(s, 'refund sam')).toBe(true);
    expect(matchesSearch(s, 'jane 123')).toBe(true);
    expect(matchesSearch(s, 'defective', ['Defective product'])).toBe(true);
    expect(matchesSearch(s, 'refund alex')).toBe(false);
    expect(matchesSearch(s, '  ')).toBe(true);
  });
});

describe('a step whose notification left things out', () => {
  it('names each gap and labels what is blank', () => {
    expect(stepGaps(step())).toEqual([]);
    const sparse = step({
      procedure_name: '',
      hitl_question: ' ',
      priority: null,
      conversation_url: null,
      attributes: [{ identifier: 'x', name: '', label: '', data_type: 'string', options: [] }],
    });
    expect(stepGaps(sparse)).toEqual([
      'procedure name',
      'question',
      'priority',
      'link to the conversation',
      'names of some fields',
    ]);
    expect(procedureLabel(sparse)).toBe('Unnamed procedure');
    expect(questionLabel(sparse)).toBe('No question came with this step');
  });
});

describe('the query cache as the stream writes into it', () => {
  it('keeps the newer copy: a late message never revives a finished step', () => {
    const done = step({ status: 'submitted', version: 3 });
    expect(newerStep(done, step({ status: 'pending', version: 2 }))).toBe(done);
    // Submitting, then pending again: nothing reached Fin.
    const back = step({ status: 'pending', outcome: 'not delivered', version: 4 });
    expect(newerStep(step({ status: 'submitting', version: 3 }), back)).toBe(back);
  });

  it('places steps in the right list', () => {
    const list = [step({ step_id: 'a' }), step({ step_id: 'b' })];
    expect(placeInList(list, step({ step_id: 'c' }), 'pending').map((s) => s.step_id)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(
      placeInList(list, step({ step_id: 'a', status: 'submitted' }), 'pending').map((s) => s.step_id),
    ).toEqual(['b']);
    expect(
      placeInList([], step({ step_id: 'a', status: 'submitted' }), 'answered').map((s) => s.step_id),
    ).toEqual(['a']);
    expect(placeInList(list, step({ step_id: 'z', status: 'failed' }), 'pending')).toBe(list);
    // A refused step stays in the inbox, shown as not answerable, and never turns pending again.
    const refused = step({ step_id: 'r', status: 'refused', version: 2 });
    expect(placeInList(list, refused, 'pending').map((s) => s.step_id)).toEqual(['a', 'b', 'r']);
    expect(newerStep(refused, step({ step_id: 'r' }))).toBe(refused);
  });

  it('adds arrivals to the pending list, moves answers to the history, and reports arrivals once', () => {
    const qc = new QueryClient();
    qc.setQueryData(hitlKeys.list('pending'), [step({ step_id: 'a' })]);
    qc.setQueryData(hitlKeys.list('answered'), []);
    expect(applyStep(qc, step({ step_id: 'b' }))).toEqual({ arrived: true });
    expect(applyStep(qc, step({ step_id: 'b', claimed_by: 'Sam' }))).toEqual({ arrived: false });
    expect(
      qc.getQueryData<HitlStep[]>(hitlKeys.list('pending'))?.map((s) => [s.step_id, s.claimed_by]),
    ).toEqual([
      ['a', null],
      ['b', 'Sam'],
    ]);
    applyStep(qc, step({ step_id: 'a', status: 'submitted', answered_by: 'Sam' }));
    expect(qc.getQueryData<HitlStep[]>(hitlKeys.list('pending'))?.map((s) => s.step_id)).toEqual(['b']);
    expect(qc.getQueryData<HitlStep[]>(hitlKeys.list('answered'))?.map((s) => s.step_id)).toEqual(['a']);
    expect(qc.getQueryData<HitlStep>(hitlKeys.detail('a'))?.answered_by).toBe('Sam');
  });

  it('lists a refused step without announcing it as an arrival', () => {
    const qc = new QueryClient();
    qc.setQueryData(hitlKeys.list('pending'), []);
    expect(applyStep(qc, step({ step_id: 'r', status: 'refused' }))).toEqual({ arrived: false });
    expect(qc.getQueryData<HitlStep[]>(hitlKeys.list('pending'))?.map((s) => s.status)).toEqual(['refused']);
  });

  it('leaves lists that were never loaded alone', () => {
    const qc = new QueryClient();
    applyStep(qc, step());
    expect(qc.getQueryData(hitlKeys.list('pending'))).toBeUndefined();
    expect(qc.getQueryData<HitlStep>(hitlKeys.detail('s1'))?.step_id).toBe('s1');
  });
});
