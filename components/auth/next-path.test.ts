import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPathFor } from './next-path';

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

describe('safeNextPath against dot segments', () => {
  it('refuses paths that resolve to another origin', () => {
    for (const next of [
      '/.//evil.example/x',
      '/inbox/..//evil.example/x',
      '/%2e//evil.example/x',
      '/%2e%2e//evil.example/x',
      '/a/b/../..//evil.example',
      '/././/evil.example',
      '/inbox/../../..//evil.example/x?y=1#z',
      '/.\\/evil.example',
    ]) {
      expect(safeNextPath(next), next).toBe('/');
    }
  });
  it('keeps dot segments that stay on the console, resolved', () => {
    expect(safeNextPath('/inbox/../settings?tab=1#a')).toBe('/settings?tab=1#a');
    expect(safeNextPath('/./inbox')).toBe('/inbox');
    expect(safeNextPath('/inbox/..')).toBe('/');
  });
  it('builds the sign-in path with a safe next only', () => {
    expect(signInPathFor('/inbox?x=1')).toBe('/sign-in?next=%2Finbox%3Fx%3D1');
    expect(signInPathFor('/.//evil.example/x')).toBe('/sign-in');
    expect(signInPathFor('/')).toBe('/sign-in');
    expect(signInPathFor(null)).toBe('/sign-in');
  });
});
