import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps paths on this console, with their query', () => {
    expect(safeNextPath('/inbox')).toBe('/inbox');
    expect(safeNextPath('/conversations/abc?status=active')).toBe('/conversations/abc?status=active');
    expect(safeNextPath(['/settings', '/x'])).toBe('/settings');
    // Percent-encoded text stays a path on this origin.
    expect(safeNextPath('/%0d%0aSet-Cookie')).toBe('/%0d%0aSet-Cookie');
  });
  it('falls back to the catalogue for anything that could leave the origin', () => {
    for (const next of [
      undefined,
      '',
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/\tx',
      '/sign-in',
      '/sign-in?next=/',
      '/api/tokens',
      `/${'a'.repeat(3000)}`,
    ]) {
      expect(safeNextPath(next), String(next)).toBe('/');
    }
  });
});
