import { describe, expect, it } from 'vitest';
import { statusApplies } from './conversations';

const at = (iso: string) => new Date(iso);

describe('statusApplies', () => {
  it('applies newer updates and ignores older ones (reordered webhooks)', () => {
    const current = { status: 'complete' as const, status_at: at('2025-01-24T10:00:00.500Z') };
    expect(statusApplies(current, { status: 'replying', at: at('2025-01-24T10:00:00.100Z') })).toBe(false);
    expect(
      statusApplies(
        { status: 'replying', status_at: at('2025-01-24T10:00:00.100Z') },
        { status: 'complete', at: at('2025-01-24T10:00:00.500Z') },
      ),
    ).toBe(true);
  });
  it('breaks same-instant ties by lifecycle order, unless a reply opened a new cycle', () => {
    const t = at('2025-01-24T10:00:00.000Z');
    expect(statusApplies({ status: 'complete', status_at: t }, { status: 'resolved', at: t })).toBe(false);
    expect(statusApplies({ status: 'resolved', status_at: t }, { status: 'complete', at: t })).toBe(true);
    expect(
      statusApplies({ status: 'awaiting_user_reply', status_at: t }, { status: 'thinking', at: t }),
    ).toBe(false);
    expect(
      statusApplies({ status: 'awaiting_user_reply', status_at: t }, { status: 'thinking', at: t }, true),
    ).toBe(true);
  });
  it('applies when either side has no usable time', () => {
    expect(
      statusApplies(
        { status: 'complete', status_at: null },
        { status: 'thinking', at: at('2025-01-01T00:00:00Z') },
      ),
    ).toBe(true);
  });
});
