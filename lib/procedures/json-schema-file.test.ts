import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROCEDURE_SCHEMA_FILE, procedureSchemaText } from './json-schema-file';

describe('published procedure JSON Schema', () => {
  it('is up to date with the zod schema (run `npm run procedure-schema` if not)', () => {
    expect(readFileSync(PROCEDURE_SCHEMA_FILE, 'utf8')).toBe(procedureSchemaText());
  });
});
