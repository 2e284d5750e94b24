// Generates TypeScript types of the OpenAPI document with openapi-typescript (shared by the script and its test).
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../src/http/openapi/index.ts';

export const SCHEMA_FILE = 'web/src/api/schema.ts';

export async function openApiTypes(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as never);
  return `// Generated from the service's OpenAPI document by \`npm run api:types\`; do not edit.\n${astToString(ast)}`;
}
