import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_PATH, suiteJsonSchemaText } from './json-schema';

describe('the published JSON Schema', () => {
  it('is the one the zod schema makes (run `npm run scenarios:schema` after changing it)', () => {
    expect(readFileSync(JSON_SCHEMA_PATH, 'utf8')).toBe(suiteJsonSchemaText());
  });

  it('describes every milestone kind', () => {
    const text = suiteJsonSchemaText();
    for (const kind of [
      'status',
      'hitl_asked',
      'escalated',
      'resolved',
      'csat_requested',
      'fin_says',
      'matches',
    ])
      expect(text).toContain(`"${kind}"`);
  });
});
