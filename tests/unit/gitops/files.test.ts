// Classifying changed paths of a binding: migrations, reported problems and ignored files.
import { describe, expect, it } from 'vitest';
import { type BindingCatalog, classifyFiles } from '../../../src/core/gitops/files.ts';
import type { RepositoryBinding } from '../../../src/core/model/workspace.ts';
import { DEFAULT_FILE_PATH_TEMPLATE } from '../../../src/core/model/workspace-spec.ts';

const binding = (over: Partial<RepositoryBinding> = {}): RepositoryBinding => ({
  id: 1,
  projectId: 1,
  provider: 'gitlab',
  repository: 'acme/app',
  branch: 'main',
  baseDirectory: 'db',
  filePathTemplate: DEFAULT_FILE_PATH_TEMPLATE,
  schemaPathTemplate: '{{ENV_ID}}/.{{DB_NAME}}##LATEST.sql',
  source: 'workspace_file',
  ...over,
});
const catalog: BindingCatalog = {
  environments: ['test', 'prod'],
  databases: new Map([
    ['test', new Set(['shop', 'inventory'])],
    ['prod', new Set(['shop'])],
  ]),
};

describe('classifyFiles', () => {
  it('recognises migrations with their environment, database, version, type and description', () => {
    const out = classifyFiles(binding(), catalog, [
      'db/prod/shop##0002##data##backfill.sql',
      'db/test/inventory##10##ddl##add_sku.sql',
    ]);
    expect(out.problems).toEqual([]);
    expect(out.files).toEqual([
      {
        path: 'db/prod/shop##0002##data##backfill.sql',
        environment: 'prod',
        database: 'shop',
        version: '0002',
        type: 'data',
        description: 'backfill',
      },
      {
        path: 'db/test/inventory##10##ddl##add_sku.sql',
        environment: 'test',
        database: 'inventory',
        version: '10',
        type: 'schema',
        description: 'add_sku',
      },
    ]);
  });

  it('drops paths outside the base directory and ignores unrelated files and schema snapshots', () => {
    const out = classifyFiles(binding(), catalog, [
      'src/app.ts',
      'dbx/prod/shop##1##migrate##x.sql',
      'db/README.md',
      'db/prod/notes.txt',
      'db/prod/.shop##LATEST.sql',
    ]);
    expect(out.files).toEqual([]);
    expect(out.problems).toEqual([]);
    expect(out.ignored).toEqual(['db/README.md', 'db/prod/notes.txt', 'db/prod/.shop##LATEST.sql']);
  });

  it('reports files that look meant as migrations but cannot be used, saying why', () => {
    const out = classifyFiles(binding(), catalog, [
      'db/prod/shop##0001.sql',
      'db/prod/shop##v 1##migrate##x.sql',
      'db/prod/shop##1##alter##x.sql',
      'db/staging/shop##1##migrate##x.sql',
      'db/prod/inventory##1##migrate##x.sql',
    ]);
    expect(out.files).toEqual([]);
    expect(out.problems.map((p) => [p.path, p.problem])).toEqual([
      ['db/prod/shop##0001.sql', `the name does not match the template ${DEFAULT_FILE_PATH_TEMPLATE}`],
      ['db/prod/shop##v 1##migrate##x.sql', expect.stringMatching(/^version "v 1" is not valid/)],
      [
        'db/prod/shop##1##alter##x.sql',
        expect.stringMatching(/^type "alter" is not one of "migrate", "ddl"/),
      ],
      ['db/staging/shop##1##migrate##x.sql', 'unknown environment "staging"; known: "test", "prod"'],
      [
        'db/prod/inventory##1##migrate##x.sql',
        'database "inventory" is not in this project in environment "prod"; there: "shop"',
      ],
    ]);
  });

  it('lets a template without {{ENV_ID}} target every environment of the database', () => {
    const b = binding({ baseDirectory: '', filePathTemplate: 'migrations/{{DB_NAME}}__{{VERSION}}.sql' });
    const out = classifyFiles(b, catalog, ['migrations/shop__3.sql', 'migrations/billing__1.sql']);
    expect(out.files).toEqual([
      {
        path: 'migrations/shop__3.sql',
        environment: null,
        database: 'shop',
        version: '3',
        type: 'schema',
        description: '',
      },
    ]);
    expect(out.problems).toEqual([
      {
        path: 'migrations/billing__1.sql',
        problem: 'database "billing" is not in this project in any environment',
      },
    ]);
  });
});
