/** The published JSON Schema of a suite file (`public/schemas/scenario.schema.json`), from the zod schema. */
import { z } from 'zod';
import { suiteSchema } from './schema';

export const JSON_SCHEMA_PATH = 'public/schemas/scenario.schema.json';

/** As editors read it: the input form (defaults optional); checks zod alone can make (safe patterns, unique names) are described only. */
export function suiteJsonSchemaText(): string {
  const schema = z.toJSONSchema(suiteSchema, { io: 'input', unrepresentable: 'any' });
  const published = {
    ...schema,
    title: 'Fin Console scenario suite',
    description:
      'A suite of scenarios: each a run of a procedure (or a question asked) with its replies and HITL answers, and the milestones it must reach. YAML or JSON.',
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}
