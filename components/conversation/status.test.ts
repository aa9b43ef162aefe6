import { describe, expect, it } from 'vitest';
import { connectionView } from './connection-indicator';
import { progressSteps } from './status';

const states = (steps: ReturnType<typeof progressSteps>) => steps.map((s) => `${s.status}:${s.state}`);

describe('progressSteps', () => {
  it('walks a procedure run to a resolution', () => {
    expect(
      states(progressSteps('awaiting_user_reply', 'procedure', new Set(['awaiting_user_reply']))),
    ).toEqual([
      'thinking:done',
      'replying:done',
      'awaiting_user_reply:current',
      'resolved:upcoming',
      'complete:upcoming',
    ]);
    const all = new Set(['awaiting_user_reply', 'resolved', 'complete'] as const);
    expect(progressSteps('complete', 'procedure', all).every((s) => s.state === 'done')).toBe(true);
  });

  it('shows the escalated outcome once an escalation was seen', () => {
    expect(states(progressSteps('complete', 'procedure', new Set(['escalated'])))).toContain(
      'escalated:done',
    );
    expect(states(progressSteps('escalated', 'procedure'))).toContain('escalated:current');
  });

  it('has no awaiting-reply step for an ask', () => {
    expect(progressSteps('thinking', 'ask').map((s) => s.status)).toEqual([
      'thinking',
      'replying',
      'resolved',
      'complete',
    ]);
  });

  it('marks a step the run went past without it happening as skipped', () => {
    expect(states(progressSteps('complete', 'procedure', new Set(['resolved'])))).toEqual([
      'thinking:done',
      'replying:done',
      'awaiting_user_reply:skipped',
      'resolved:done',
      'complete:done',
    ]);
  });
});

describe('connectionView', () => {
  it('is live when both streams are up', () => {
    expect(connectionView('live', 'live', 'thinking').label).toBe('Live');
  });
  it('says reconnecting while the browser stream is down', () => {
    expect(connectionView('reconnecting', 'live', 'thinking').label).toBe('Reconnecting…');
  });
  it('points at webhooks when Fin’s stream closed mid-run', () => {
    expect(connectionView('live', 'closed', 'thinking').label).toBe(
      'Stream ended — updates arrive by webhook',
    );
  });
  it('treats a stream revoked at a resting status as normal', () => {
    expect(connectionView('live', 'revoked', 'awaiting_user_reply').label).toBe('Live');
  });
});
