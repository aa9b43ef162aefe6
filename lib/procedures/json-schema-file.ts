import { procedureJsonSchema } from './schema';

export const PROCEDURE_SCHEMA_FILE = 'public/schemas/procedure.schema.json';

/** The file's exact text, so a test can tell when it is out of date. */
export const procedureSchemaText = () => `${JSON.stringify(procedureJsonSchema(), null, 2)}\n`;
