/** `npm run scenarios:schema`: writes the suite file's JSON Schema; a test fails while the file is stale. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSON_SCHEMA_PATH, suiteJsonSchemaText } from '../lib/scenarios/json-schema';

mkdirSync(path.dirname(JSON_SCHEMA_PATH), { recursive: true });
writeFileSync(JSON_SCHEMA_PATH, suiteJsonSchemaText());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
