// Writes the workspace file's JSON Schema (schemas/workspace.schema.json) from its zod schema: npm run schema:workspace.
// Editors read it through the `# yaml-language-server: $schema=` line of a workspace file; a test fails when the
// stored file no longer matches the zod schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { workspaceFileSchema } from '../src/workspace/schema.ts';

export const WORKSPACE_SCHEMA_FILE = 'schemas/workspace.schema.json';

/** The JSON Schema text of the workspace file as a person writes it (defaulted fields are optional). */
export function workspaceJsonSchemaText(): string {
  const generated = z.toJSONSchema(workspaceFileSchema, { io: 'input' });
  const { $schema, ...rest } = generated;
  const document = {
    $schema,
    title: 'bytebase-im workspace file',
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workspace file's own placeholder, written literally
      'WORKSPACE_FILE: environments in pipeline order, instances, users, projects and their bindings. `${NAME}` in a string is replaced by the environment variable NAME when the file is applied.',
    ...rest,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(import.meta.dirname, '..', WORKSPACE_SCHEMA_FILE), workspaceJsonSchemaText());
  process.stdout.write(`wrote ${WORKSPACE_SCHEMA_FILE}\n`);
}
