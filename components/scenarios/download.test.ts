import { describe, expect, it } from 'vitest';
import { suiteFileName } from './download';

describe('suiteFileName', () => {
  it('names a YAML suite after the suite, safe for any file system', () => {
    expect(suiteFileName('Refunds: EU / VIP', 'name: x\n')).toBe('refunds-eu-vip.yaml');
  });

  it('keeps JSON as JSON', () => {
    expect(suiteFileName('Smoke', '  {"name":"Smoke"}')).toBe('smoke.json');
  });

  it('falls back when the name has no letters or digits, and stays short', () => {
    expect(suiteFileName('***', 'a: 1')).toBe('suite.yaml');
    expect(suiteFileName('a'.repeat(300), 'a: 1')).toBe(`${'a'.repeat(80)}.yaml`);
  });
});
