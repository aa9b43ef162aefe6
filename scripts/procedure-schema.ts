/** `npm run procedure-schema`: writes the procedure definition format as JSON Schema for people's own editors. */
import { writeFileSync } from 'node:fs';
import { PROCEDURE_SCHEMA_FILE, procedureSchemaText } from '../lib/procedures/json-schema-file';

writeFileSync(PROCEDURE_SCHEMA_FILE, procedureSchemaText());
console.log(`wrote ${PROCEDURE_SCHEMA_FILE}`);
