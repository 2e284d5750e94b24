// Writes the web view's API types from the service's OpenAPI document: npm run api:types.
// The file is kept in the repository; a test fails when it no longer matches the document.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiTypes, SCHEMA_FILE } from './api-types-lib.ts';

const target = join(import.meta.dirname, '..', SCHEMA_FILE);
writeFileSync(target, await openApiTypes());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
