// The stored JSON Schema of the workspace file matches its zod schema, and the shipped examples satisfy it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { WORKSPACE_SCHEMA_FILE, workspaceJsonSchemaText } from '../../scripts/workspace-schema.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const examples = ['examples/workspace.yaml', 'examples/workspace-full.yaml'];

describe('workspace JSON Schema', () => {
  it('is what `npm run schema:workspace` writes from the zod schema', () => {
    expect(read(WORKSPACE_SCHEMA_FILE), 'stale: run npm run schema:workspace').toBe(
      workspaceJsonSchemaText(),
    );
  });

  // No JSON Schema validator package is installed; zod builds one from the stored document itself, so
  // the check is against the JSON file an editor reads, not against the zod source.
  const stored = z.fromJSONSchema(JSON.parse(read(WORKSPACE_SCHEMA_FILE)));

  for (const file of examples) {
    it(`validates ${file}, which points editors at it`, () => {
      const text = read(file);
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/workspace.schema.json');
      const result = stored.safeParse(parse(text));
      expect(result.error?.issues ?? []).toEqual([]);
    });
  }

  it('rejects what the service rejects: unknown fields, bad keys, unknown engines, missing environments', () => {
    const env = [{ key: 'test' }];
    const instance = { key: 'db', engine: 'postgres', environment: 'test', url: 'postgres://h/db' };
    expect(stored.safeParse({ environments: env, instances: [instance] }).success).toBe(true);
    expect(stored.safeParse({ environments: [] }).success).toBe(false);
    expect(stored.safeParse({ environments: [{ key: 'Test' }] }).success).toBe(false);
    expect(stored.safeParse({ environments: [{ key: 'test', color: 'red' }] }).success).toBe(false);
    expect(
      stored.safeParse({ environments: env, instances: [{ ...instance, engine: 'oracle' }] }).success,
    ).toBe(false);
    expect(stored.safeParse({ environments: env, users: [{ email: 'nobody', name: 'N' }] }).success).toBe(
      false,
    );
  });
});
