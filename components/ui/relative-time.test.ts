import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

const now = Date.parse('2026-01-01T12:00:00Z');

describe('relativeTime', () => {
  it('reads recent times naturally', () => {
    expect(relativeTime('2026-01-01T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2026-01-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(relativeTime('2026-01-01T10:00:00Z', now)).toBe('2 hours ago');
    expect(relativeTime('2025-12-31T12:00:00Z', now)).toBe('yesterday');
  });
  it('passes through what it cannot parse', () => expect(relativeTime('soon', now)).toBe('soon'));
});
